import { mkdirSync, readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { deeployModel } from '../../src/deploy/models.ts';

/** `flexv deploy`: the report on stdout, the JSON file, exit codes and flag errors. */
const flexv = (...args: string[]) => execa('node', ['bin/flexv.js', 'deploy', ...args], { reject: false });

describe('flexv deploy', () => {
  it('runs a network on the golden cluster and writes the JSON report', async () => {
    mkdirSync('build/test-deploy', { recursive: true });
    const json = 'build/test-deploy/ad.json';
    const r = await flexv(deeployModel('AnomalyDetection'), '--config', 'xpulpnn', '--cores', '2', '--json', json, '--out', 'build/test-deploy/gen');
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/golden xpulpnn 2 cores: \d+ cycles, [\d.]+ MAC\/cycle, bit-exact at every layer/);
    const rep = JSON.parse(readFileSync(json, 'utf8'));
    expect(rep.bit_exact).toBe(true);
    expect(rep.cycles).toBeGreaterThan(0);
    expect(rep.mac_per_cycle).toBeGreaterThan(0);
    expect(rep.layers).toHaveLength(10);
    expect(Object.keys(rep.layers[0])).toEqual(expect.arrayContaining(['op', 'shape', 'macs', 'tiles', 'dma_bytes', 'cycles', 'mac_per_cycle', 'bit_exact']));
    // the generated sources: one C file per layer and the network unit
    const gen = readFileSync('build/test-deploy/gen/layer_000.c', 'utf8');
    expect(gen).toMatch(/const struct dp_tile dp_tiles_000/);
  });

  it('refuses bad flags naming them', async () => {
    const m = deeployModel('AnomalyDetection');
    for (const [args, msg] of [
      [['--config', 'riscv'], /--config: error: unknown configuration 'riscv'/],
      [['--bits', 'conv3:a4w2'], /--bits: error: policy selector 'conv3' matches no layer \(valid: \*, .*gemm0/],
      [['--bits', 'gemm:a5w8'], /--bits: error: bad precision 'a5w8'/],
      [['--lockstep'], /--lockstep: error: --lockstep needs --run rtl/],
    ] as const) {
      const r = await flexv(m, ...args);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toMatch(msg);
    }
  });
});
