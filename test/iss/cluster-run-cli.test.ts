import { mkdir, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { assemble, toElf } from '../../src/asm/index.ts';
import * as P from './cluster-programs.ts';

/**
 * `flexv run --cores N`: the golden cluster from the command line. Every test program is written to
 * build/cluster-programs/<name>.elf, where `flexv cosim --target cluster` can run it on the RTL too.
 */
const dir = 'build/cluster-programs';
const PROGRAMS = Object.entries(P).filter((e): e is [string, string] => typeof e[1] === 'string');
async function elf(name: string, src: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = `${dir}/${name}.elf`;
  await writeFile(path, toElf(assemble(src, { fileName: `${name}.S` })));
  return path;
}
beforeAll(async () => {
  for (const [name, src] of PROGRAMS) await elf(name.toLowerCase(), src);
});
const flexv = (...args: string[]) => execa('node', ['bin/flexv.js', 'run', ...args], { reject: false });

describe('flexv run --cores', () => {
  it('runs SPMD to EOC 0, prints every hart\'s instructions, exits 0', async () => {
    const r = await flexv(`${dir}/barrier_sum.elf`, '--cores', '4', '--quantum', '3');
    expect(r.stderr).toMatch(/hart  0: \d+ instructions\n/);
    expect(r.stderr).toMatch(/hart  3: \d+ instructions/);
    expect(r.stderr).toMatch(/PASS/);
    expect(r.exitCode).toBe(0);
  });

  it('a non-zero EOC status fails with exit 1; a deadlock exits 2 and says where each hart sleeps', async () => {
    const eoc = await flexv(`${dir}/eoc_status.elf`, '--cores', '2');
    expect(eoc.exitCode).toBe(1);
    expect(eoc.stderr).toMatch(/FAIL: eoc = 5898498/); // 0x5a0102
    expect(eoc.stderr).toMatch(/stopped by hart 1/);
    const dl = await flexv(`${dir}/deadlock.elf`, '--cores', '3');
    expect(dl.exitCode).toBe(2);
    expect(dl.stderr).toMatch(/error: deadlock/);
    expect(dl.stderr).toMatch(/hart 2 at pc 0x[0-9a-f]+ sleeps on EVT_WAIT/);
  });

  it('--trace tags every line with its hart; bad --cores values are refused without a stack trace', async () => {
    const t = await flexv(`${dir}/event_ring.elf`, '--cores', '2', '--trace');
    expect(t.stdout).toMatch(/^core   0: 0x8/m);
    expect(t.stdout).toMatch(/^core   1: 0x8/m);
    for (const bad of ['0', '33']) {
      const r = await flexv(`${dir}/event_ring.elf`, '--cores', bad);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toMatch(/--cores/);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});
