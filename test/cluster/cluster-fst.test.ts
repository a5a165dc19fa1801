// The cluster lockstep's waveform window (`flexv cosim --target cluster --fst`): on a mismatch the traced
// model reruns the program and writes the cycles around it. Checked from the FST file itself: its time range
// is exactly the window (the harness dumps both clock edges of each cycle, 10 time units per cycle after
// 4 reset cycles), and its hierarchy holds the cluster's signals.
import { execa } from 'execa';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clusterCosim } from '../../src/cosim/cluster/cosim.ts';
import { readFstSummary } from '../../src/sim/fst.ts';
import { hasTool } from '../../src/util/tools.ts';
import { buildClusterProgram, CLUSTER_PROGRAM_BUILD } from './programs.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const tools = (await hasTool('verilator')) && (await hasTool('gcc'));
/** The harness's FST time of a cycle's rising edge: 4 reset periods, then 10 units per cycle. */
const riseTime = (cycle: number) => BigInt(40 + 10 * cycle);

describe.skipIf(!tools)('cluster lockstep FST window (2 cores)', { timeout: 900_000 }, () => {
  const dir = join(CLUSTER_PROGRAM_BUILD, 'fst');
  let elf = '';
  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    elf = await buildClusterProgram('periph-hole.S');
  });

  it('a mismatch writes the window around it, both edges of every cycle, the cluster hierarchy', async () => {
    const fst = join(dir, 'window.fst');
    const window = 12;
    const r = await clusterCosim({ cores: 2, config: 'baseline' }, elf, { fst, fstWindow: window, maxCycles: 10_000 });
    expect(r.mismatch).toBeDefined();
    expect(r.fst).toBe(fst);
    const c = r.mismatch!.cycle;
    expect(c).toBeGreaterThan(window); // the window starts after reset: its first cycle is c - window
    const s = await readFstSummary(fst);
    expect(s.startTime).toBe(riseTime(c - window));
    expect(s.endTime).toBe(riseTime(c + window) + 5n);
    expect(s.vars).toBeGreaterThan(1000);
    expect(s.names).toEqual(expect.arrayContaining(['clk_i', 'eoc_o', 'u_core_0', 'u_core_1']));
  });

  it('flexv cosim --fst: exit 1, names the waveform, the window clipped at cycle 0 (with the reset)', async () => {
    const fst = join(dir, 'cli.fst');
    const r = await execa('node', [join(ROOT, 'bin', 'flexv.js'), 'cosim', '--target', 'cluster', '--cores', '2', elf, '--fst', fst, '--window', '1000'], {
      cwd: ROOT, reject: false,
    });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`waveform of the cycles around the mismatch: ${fst}`);
    expect(existsSync(fst)).toBe(true);
    const s = await readFstSummary(fst);
    expect(s.startTime).toBe(0n); // the reset cycles count as cycle 0
    expect(s.endTime).toBeGreaterThan(riseTime(100));
  });

  it('a file that is not FST is refused by name', async () => {
    await expect(readFstSummary(elf)).rejects.toThrow(/not a readable FST file/);
  });
});
