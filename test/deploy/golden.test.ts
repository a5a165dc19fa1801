import { describe, expect, it } from 'vitest';
import { deploy } from '../../src/deploy/flow.ts';
import { deeployModel } from '../../src/deploy/models.ts';

/**
 * The whole flow on the golden cluster model: import, lowering, L2 plan, code generation, build, run, and
 * every layer's device output compared with the TS reference (itself equal to the model's reference data).
 */
describe('deploy on the golden cluster', () => {
  it('Deeploy KeywordSpotting, baseline build, 3 cores: bit-exact at every layer, figures reported', async () => {
    const r = await deploy({ model: deeployModel('KeywordSpotting'), config: 'baseline', cores: 3, run: 'golden' });
    expect(r.import_check?.bit_exact).toBe(true);
    expect(r.bit_exact).toBe(true);
    expect(r.layers.every((l) => l.bit_exact)).toBe(true);
    expect(r.layers.length).toBe(11);
    expect(r.cycles).toBe(r.layers.reduce((s, l) => s + l.cycles!, 0));
    expect(r.mac_per_cycle).toBeGreaterThan(1);
    expect(r.l2_arena_bytes).toBeLessThan(r.l2_without_reuse_bytes);
  });

  it('Deeploy AnomalyDetection, flexv build, 4 cores (fully connected chain, signed output with a zero point)', async () => {
    const r = await deploy({ model: deeployModel('AnomalyDetection'), config: 'flexv', cores: 4, run: 'golden' });
    expect(r.bit_exact).toBe(true);
    expect(r.layers.map((l) => l.op)).toEqual(Array(10).fill('gemm'));
    // every layer's requantization is bn_quant-exact here: all run on the build's fused pipeline
    expect(r.layers.every((l) => l.kernel === 'linear_requant_pixels (flexv)')).toBe(true);
    // and the generic kernels give the same bits, more slowly
    const g = await deploy({ model: deeployModel('AnomalyDetection'), config: 'flexv', cores: 4, run: 'golden', generic: true });
    expect(g.bit_exact).toBe(true);
    expect(g.layers.every((l) => l.kernel === 'dp_conv_run')).toBe(true);
    expect(g.cycles!).toBeGreaterThan(r.cycles!);
  });

  it('a wrong constant in the lowered network is caught at its layer', async () => {
    const r = await deploy({
      model: deeployModel('AnomalyDetection'), config: 'xpulpnn', cores: 2, run: 'golden',
      alterLowered: (dev) => {
        const l = dev.layers[3]!;
        if (l.kind !== 'conv') throw new Error('layer 3 is a gemm');
        // whichever constants the layer's kernel reads: the fused pipeline's lambda, or the generic bias
        if (l.fast) l.fast.lambda[5] = l.fast.lambda[5]! + (1 << 22);
        else l.bias[5] = l.bias[5]! + 50_000;
      },
    });
    expect(r.bit_exact).toBe(false);
    expect(r.first_mismatch?.index).toBe(3);
    expect(r.first_mismatch?.first?.c).toBe(5);
    expect(r.layers.slice(0, 3).every((l) => l.bit_exact)).toBe(true);
  });

  it('a small TCDM: every layer tiled into double-buffered bands / channel blocks within it, bit-exact; one byte less is refused with the size', async () => {
    const model = deeployModel('KeywordSpotting');
    // the smallest TCDM for the network, from the planner's own error
    let smallest = 0;
    try {
      await deploy({ model, config: 'xpulpnn', cores: 2, run: 'none', tcdm: 9000 });
    } catch (e) {
      smallest = Number(/the smallest TCDM that fits the network is (\d+)/.exec((e as Error).message)?.[1]);
    }
    expect(smallest).toBeGreaterThan(9000);
    const r = await deploy({ model, config: 'xpulpnn', cores: 2, run: 'golden', tcdm: smallest + 2048 });
    expect(r.bit_exact).toBe(true);
    expect(r.layers.filter((l) => l.tiles > 1).length).toBeGreaterThan(r.layers.length / 2);
    for (const l of r.layers) expect(l.tcdm_min).toBeLessThanOrEqual(smallest);
    await expect(deploy({ model, config: 'xpulpnn', cores: 2, run: 'none', tcdm: smallest - 1 })).rejects.toThrowError(/do not fit the TCDM: layer \d+ .*smallest TCDM that fits the network is \d+/);
    await expect(deploy({ model, config: 'xpulpnn', cores: 2, run: 'none', tcdm: smallest })).resolves.toBeTruthy();
  });

  it('ResNet-8, flexv, 8 cores: column-buffer convolutions, channel-block tiles (2D output transfers), table-form adds, all bit-exact; a wrong add table is caught at its layer', async () => {
    const model = deeployModel('ImageClassification');
    const r = await deploy({ model, config: 'flexv', cores: 8, run: 'golden' });
    expect(r.bit_exact).toBe(true);
    expect(r.layers.some((l) => l.tile.channels < l.shape[2] && l.tile.rows > 1)).toBe(true);
    const bad = await deploy({
      model, config: 'flexv', cores: 8, run: 'golden',
      alterLowered: (dev) => {
        const add = dev.layers.find((l) => l.kind === 'add')!;
        if (add.kind !== 'add' || !add.lut) throw new Error('ResNet-8 adds have the table form');
        const to = add.lut.to;
        to.forEach((v, i) => (to[i] = v ^ 1));
      },
    });
    expect(bad.bit_exact).toBe(false);
    expect(bad.first_mismatch?.index).toBe(r.layers.find((l) => l.op === 'add')!.index);
  });

  it('a TCDM too small for the im2col rows and stacks is refused with the smallest size that fits', async () => {
    await expect(deploy({ model: deeployModel('KeywordSpotting'), config: 'xpulpnn', cores: 8, run: 'none', tcdm: 4096 })).rejects.toThrowError(
      /needs \d+ bytes of TCDM .* the smallest TCDM that fits is \d+/,
    );
  });
});
