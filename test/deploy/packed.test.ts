import { describe, expect, it } from 'vitest';
import { applyPolicy, parsePolicy, resolvePolicy } from '../../src/deploy/bits.ts';
import { deploy } from '../../src/deploy/flow.ts';
import { importOnnxFile } from '../../src/deploy/import/import.ts';
import { lowerNetwork } from '../../src/deploy/lower.ts';
import { deeployModel } from '../../src/deploy/models.ts';
import { packWords, unpackElement } from '../../src/deploy/packed.ts';
import { layTiles, tileGeometry } from '../../src/deploy/tiling.ts';

/** Packed sub-byte execution of --bits policies (packed.ts, lower.ts, sw/deploy/packed.c). */
describe('packed sub-byte layers', () => {
  const policy = 'conv:a4w4,conv3:a4w2';

  it('packs lanes least significant first, two’s complement kept to the width, and reads them back', () => {
    expect([...packWords([1, 2, 3, 15, 0, 0, 0, 7], 4)]).toEqual([0x7000f321]);
    expect([...packWords([-1, 1, -2, 0], 2)]).toEqual([0b00100111]);
    const v = Array.from({ length: 40 }, (_, i) => (i * 7) % 16);
    const w = packWords(v, 4);
    expect(v.map((_, i) => unpackElement(w[Math.floor(i / 8)]!, i, 4))).toEqual(v);
  });

  it('ResNet-8 under a 4-/2-bit policy: the narrowed tensors packed, every convolution on its format triple, a tensor a byte kernel reads stays bytes', () => {
    const net = importOnnxFile(deeployModel('ImageClassification'));
    const precs = resolvePolicy(net, parsePolicy(policy));
    const q = applyPolicy(net, precs, new Float64Array(net.input.h * net.input.w * net.input.c));
    const dev = lowerNetwork(q.net, { tensorBits: q.tensorBits, weightBits: precs.map((p) => p.w) });
    const convs = dev.layers.filter((l) => l.kind === 'conv' && l.layer.op === 'conv');
    expect(convs.every((l) => l.kind === 'conv' && l.packed)).toBe(true);
    const formats = convs.map((l) => (l.kind === 'conv' && l.packed ? `a${l.packed.a}w${l.packed.w}o${l.packed.out}` : ''));
    // the RGB input (4 channels at 4 bits: not whole words per pixel) stays bytes; conv3 has 2-bit weights
    expect(formats[0]).toBe('a8w8o4'); // and its 36-element rows keep 8-bit weights (no zero tail, column buffers)
    expect(formats[1]).toBe('a4w4o4');
    expect(formats[3]).toBe('a4w2o4');
    for (const [name, b] of q.tensorBits) if (name !== net.input.name) expect(dev.tensors.get(name)!.bits).toBe(b);
    // the last add feeds the pooling (bytes only): its output stays bytes, its kernel the byte table form
    const pool = dev.layers.find((l) => l.kind === 'pool')!;
    expect(dev.tensors.get(pool.input[0]!)!.bits).toBe(8);
    // packed tensors take bits / 8 of the bytes, tiles move packed bytes
    const t = dev.tensors.get(convs[1]!.output)!;
    expect(t.bytes).toBe((t.h * t.w * t.c) / 2);
    const g = tileGeometry(dev, convs[1]!, 'flexv', true);
    const lay = layTiles(g, { rows: 4, channels: 8 })!;
    expect(lay.tiles[0]!.xout[0]!.bytes).toBe(4); // 8 channels x 4 bits per pixel
    expect(layTiles(g, { rows: 4, channels: 4 })).toBeUndefined(); // half a word per pixel: not a legal block
    // without the options (8-bit or --generic flows) nothing is packed
    expect(lowerNetwork(q.net).layers.some((l) => (l.kind === 'conv' || l.kind === 'add') && l.packed)).toBe(false);
  });

  it('AnomalyDetection gemm:a4w4 on baseline and xpulpnn, 4 cores: every layer packed, bit-exact; a flipped packed weight is caught at its layer', async () => {
    const model = deeployModel('AnomalyDetection');
    for (const config of ['baseline', 'xpulpnn'] as const) {
      const r = await deploy({ model, config, cores: 4, run: 'golden', bits: 'gemm:a4w4' });
      expect(r.bit_exact).toBe(true);
      expect(r.layers.every((l) => /^linear_requant_pixels a4w4o[48] /.test(l.kernel))).toBe(true);
    }
    const bad = await deploy({
      model, config: 'xpulpnn', cores: 4, run: 'golden', bits: 'gemm:a4w4',
      alterLowered: (dev) => {
        const l = dev.layers[2]!;
        if (l.kind !== 'conv' || !l.packed) throw new Error('layer 2 runs packed');
        // channel 0's words (every fourth of its interleaved block): each 4-bit weight's sign flipped
        const rowWords = (l.packed.kpad * l.packed.w) / 32;
        for (let i = 0; i < rowWords; i++) l.packed.weights[4 * i] = l.packed.weights[4 * i]! ^ 0x88888888;
      },
    });
    expect(bad.bit_exact).toBe(false);
    expect(bad.first_mismatch?.index).toBe(2);
    expect(bad.first_mismatch?.first?.c).toBe(0);
  });

  it(`ResNet-8 ${policy}, flexv, 8 cores: packed column buffers, 4 x 4 blocks, packed adds, bit-exact at every layer and fewer instructions than at 8 bits`, async () => {
    const model = deeployModel('ImageClassification');
    const r = await deploy({ model, config: 'flexv', cores: 8, run: 'golden', bits: policy });
    expect(r.bit_exact).toBe(true);
    expect(r.layers.filter((l) => l.kernel.startsWith('dp_padd_run')).length).toBe(2);
    const eight = await deploy({ model, config: 'flexv', cores: 8, run: 'golden' });
    expect(r.cycles!).toBeLessThan(0.8 * eight.cycles!);
  });
});
