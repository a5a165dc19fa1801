import { describe, expect, it } from 'vitest';
import { applyPolicy, parsePolicy, resolvePolicy } from '../../src/deploy/bits.ts';
import { deploy } from '../../src/deploy/flow.ts';
import { importOnnxFile } from '../../src/deploy/import/import.ts';
import { deeployModel } from '../../src/deploy/models.ts';
import { runReference } from '../../src/deploy/reference.ts';

/** Mixed-precision policies: parsing, selection, the requantized network, and its deployment. */
describe('--bits policies', () => {
  const net = importOnnxFile(deeployModel('KeywordSpotting'));

  it('parses entries and selects layers by kind, ordinal, index and node name; bad input names the problem', () => {
    const precs = resolvePolicy(net, parsePolicy('*:a8w8,conv:a4w4,conv1:a2w2,#1:a8w4'));
    const convs = net.layers.filter((l) => l.op === 'conv' && !l.depthwise);
    expect(precs[convs[0]!.index]).toEqual({ a: 4, w: 4 });
    expect(precs[convs[1]!.index]).toEqual({ a: 2, w: 2 });
    expect(precs[1]).toEqual({ a: 8, w: 4 });
    expect(precs[net.layers.length - 1]).toEqual({ a: 8, w: 8 });
    expect(() => parsePolicy('conv:a3w8')).toThrowError(/bad precision 'a3w8'/);
    expect(() => parsePolicy('conv')).toThrowError(/bad policy entry 'conv'/);
    expect(() => resolvePolicy(net, parsePolicy('lstm0:a4w4'))).toThrowError(/'lstm0' matches no layer \(valid: .*conv0/);
  });

  it('the requantized network: weights and narrowed activations within their widths, the first layer outputs unlike those of the 8-bit network', () => {
    const precs = resolvePolicy(net, parsePolicy('conv:a4w2'));
    const input = Float64Array.from({ length: net.input.h * net.input.w * net.input.c }, (_, i) => (i * 37) % 256);
    const q = applyPolicy(net, precs, input);
    const acts = runReference(q.net, q.input);
    for (const l of q.net.layers) {
      if (l.op !== 'conv' || l.depthwise) continue;
      expect(Math.max(...l.weights)).toBeLessThanOrEqual(1);
      expect(Math.min(...l.weights)).toBeGreaterThanOrEqual(-2);
      const x = l.inputs[0] === q.net.input.name ? q.input : acts.get(l.inputs[0]!)!;
      expect(Math.max(...x)).toBeLessThanOrEqual(15);
      expect(q.net.tensors.get(l.inputs[0]!)!.hi).toBeLessThanOrEqual(15);
    }
    const full = runReference(net, input);
    const first = net.layers[0]!.output;
    expect([...acts.get(first)!]).not.toEqual([...full.get(first)!]);
  });

  it('a mixed policy deploys bit-exact against the requantized network on the golden cluster, and the report says which reference', async () => {
    const r = await deploy({ model: deeployModel('KeywordSpotting'), config: 'flexv', cores: 2, run: 'golden', bits: 'conv:a4w4,conv2:a4w2' });
    expect(r.bit_exact).toBe(true);
    expect(r.reference).toMatch(/ts-reference of the requantized network/);
    expect(r.bits).toMatch(/^\*:a8w8,#0:a4w4/);
    expect(r.layers.every((l) => l.reference === 'ts-reference')).toBe(true);
  });
});
