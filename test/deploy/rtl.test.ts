import { describe, expect, it } from 'vitest';
import { deploy } from '../../src/deploy/flow.ts';
import { deeployModel } from '../../src/deploy/models.ts';

/**
 * The deployed network on the generated RTL cluster, every retirement of both cores compared with the
 * golden cluster model (lockstep), every layer read back from the final L2 and compared with the TS
 * reference. The smallest network (the fully connected autoencoder) keeps it short; the 2-core flexv
 * cluster model is the one the cluster kernel tests build.
 */
describe('deploy on the RTL cluster', () => {
  it('Deeploy AnomalyDetection, flexv, 2 cores, lockstep: bit-exact at every layer, RTL cycles reported', async () => {
    const r = await deploy({ model: deeployModel('AnomalyDetection'), config: 'flexv', cores: 2, run: 'rtl', lockstep: true });
    expect(r.bit_exact).toBe(true);
    expect(r.layers.every((l) => l.bit_exact)).toBe(true);
    // cycles on the RTL are at least the busiest core's instructions in every layer
    for (const l of r.layers) expect(l.cycles!).toBeGreaterThanOrEqual(l.instr_max!);
    expect(r.mac_per_cycle).toBeGreaterThan(0.5);
  });

  it('the same under gemm:a4w2, free-running: packed 4-bit activations and 2-bit weights bit-exact on the RTL', async () => {
    const r = await deploy({ model: deeployModel('AnomalyDetection'), config: 'flexv', cores: 2, run: 'rtl', bits: 'gemm:a4w2' });
    expect(r.bit_exact).toBe(true);
    // every layer packed; the 8-channel bottleneck's successor (k = 8) keeps 4-bit weights (2-bit groups are 16 elements)
    expect(r.layers.every((l) => /^linear_requant_pixels a4w[24]o[48] /.test(l.kernel))).toBe(true);
    expect(r.layers.filter((l) => l.kernel.includes('a4w2')).length).toBe(r.layers.length - 1);
  });
});
