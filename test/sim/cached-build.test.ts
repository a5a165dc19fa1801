import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheEntry, cachedVerilatorBuild, type VerilatorBuildSpec } from '../../src/sim/cached-build.ts';
import { defaultCacheDir, PROJECT_ROOT } from '../../src/sim/verilator.ts';
import { hasTool } from '../../src/util/tools.ts';

const tools = (await hasTool('verilator')) && (await hasTool('gxx')) && (await hasTool('make'));
const cacheDir = join(PROJECT_ROOT, 'build', `cached-build-test-${process.pid}`);

/** A module that adds a constant, and a main that prints its output for input 5. */
function spec(add: number): VerilatorBuildSpec {
  return {
    name: 'cbt_add',
    what: 'cbt_add',
    top: 'cbt_add',
    prefix: 'Vcbt',
    rtl: [{ name: 'cbt_add.sv', text: `module cbt_add(input logic [7:0] a_i, output logic [7:0] y_o);\n  assign y_o = a_i + 8'd${add};\nendmodule\n` }],
    support: [{
      name: 'main.cpp',
      text: '#include "Vcbt.h"\n#include <cstdio>\nint main() { Vcbt m; m.a_i = 5; m.eval(); std::printf("%d\\n", m.y_o); return 0; }\n',
    }],
    inputs: ['main.cpp'],
    flags: ['--cc', '--exe', '--no-timing', '-Wno-fatal'],
    makeVars: ['OPT_FAST=-O0', 'OPT_SLOW=-O0', 'OPT_GLOBAL=-O2'],
    runtime: { trace: false },
    cacheDir,
  };
}

async function output(exe: string): Promise<string> {
  return (await execa(exe)).stdout.trim();
}

/** The waiter polls every 250 ms: within seconds the lock is its own (or gone, the build done). */
async function takenOver(lock: string, abandoned: string): Promise<void> {
  for (let t = 0; existsSync(lock) && (await readFile(lock, 'utf8').catch(() => '')).startsWith(abandoned); t++) {
    if (t > 80) throw new Error('the waiter did not take over the abandoned lock');
    await sleep(250);
  }
}

describe.skipIf(!tools)('cachedVerilatorBuild', () => {
  afterAll(() => rm(cacheDir, { recursive: true, force: true }));

  it('one builder per entry: a racing builder waits and takes the result; a changed input is a new entry', async () => {
    // Seed the fresh cache with the shared compiled runtime when there is one (model-independent).
    await mkdir(cacheDir, { recursive: true });
    if (existsSync(defaultCacheDir())) {
      for (const d of await readdir(defaultCacheDir())) {
        if (d.startsWith('runtime-')) await cp(join(defaultCacheDir(), d), join(cacheDir, d), { recursive: true });
      }
    }
    const [a, b] = await Promise.all([cachedVerilatorBuild(spec(1)), cachedVerilatorBuild(spec(1))]);
    expect(a.exe).toBe(b.exe);
    expect([a.built, b.built].sort()).toEqual([false, true]);
    expect(await output(a.exe)).toBe('6');
    expect(existsSync((await cacheEntry(spec(1))).lock)).toBe(false);
    const c = await cachedVerilatorBuild(spec(2));
    expect(c.built).toBe(true);
    expect(c.dir).not.toBe(a.dir);
    expect(await output(c.exe)).toBe('7');
  });

  it('waits while a live builder holds the lock, and takes over the lock of a dead one', async () => {
    const s = spec(3);
    const { lock } = await cacheEntry(s);
    await mkdir(cacheDir, { recursive: true });
    // a live holder (this very process): the build must wait
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    let settled = false;
    const p = cachedVerilatorBuild(s).finally(() => (settled = true));
    await sleep(1500);
    expect(settled).toBe(false);
    // the holder dies without publishing: its lock is stale, the waiter builds
    const holder = execa('true');
    await holder;
    await writeFile(lock, JSON.stringify({ pid: holder.pid, host: hostname(), since: new Date().toISOString() }));
    await takenOver(lock, JSON.stringify({ pid: holder.pid, host: hostname() }).slice(0, -1));
    const r = await p;
    expect(r.built).toBe(true);
    expect(await output(r.exe)).toBe('8');
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock its builder stopped touching, even of a live process', async () => {
    const s = spec(4);
    const { lock } = await cacheEntry(s);
    await mkdir(cacheDir, { recursive: true });
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), since: 'ten minutes ago' }));
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(lock, old, old);
    const abandoned = await readFile(lock, 'utf8');
    const p = cachedVerilatorBuild(s);
    await takenOver(lock, abandoned);
    const r = await p;
    expect(r.built).toBe(true);
    expect(await output(r.exe)).toBe('9');
  });
});
