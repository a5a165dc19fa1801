import { describe, expect, it } from 'vitest';
import { importOnnxFile } from '../../src/deploy/import/import.ts';
import { lowerNetwork } from '../../src/deploy/lower.ts';
import { deeployModel } from '../../src/deploy/models.ts';
import { layTiles, searchTiling, tileGeometry } from '../../src/deploy/tiling.ts';

/** The tile planner on ResNet-8's layers: coverage, legality, the budget, the search. */
describe('L1 tiling', () => {
  const dev = lowerNetwork(importOnnxFile(deeployModel('ImageClassification')));

  it('every shape covers each output (row, channel) exactly once and each band holds its windows', () => {
    for (const l of dev.layers) {
      const g = tileGeometry(dev, l, 'flexv', l.kind === 'conv' && !!l.fast);
      for (const shape of [{ rows: 1, channels: g.cout }, { rows: 3, channels: g.channelTiles ? 8 : g.cout }, { rows: g.oh, channels: g.cout }]) {
        const lay = layTiles(g, shape);
        if (!lay) continue;
        const seen = new Uint8Array(g.oh * g.cout);
        for (const t of lay.tiles) {
          for (let y = t.oy0; y < t.oy1; y++) for (let c = t.c0; c < t.c1; c++) seen[y * g.cout + c]!++;
          for (const b of t.inputs) {
            const inp = g.inputs.find((i) => i.name === b.name)!;
            if (g.kh === 0) continue;
            // the first and last window rows inside the image are in the band
            expect(b.r0).toBeLessThanOrEqual(Math.max(0, t.oy0 * g.sh - g.pt));
            expect(b.r1).toBeGreaterThanOrEqual(Math.min(inp.h, (t.oy1 - 1) * g.sh - g.pt + g.kh));
            expect(b.skew).toBeGreaterThanOrEqual(0);
            expect(b.skew).toBeLessThan(4);
          }
          for (const x of [...t.xin, ...t.xout]) expect(x.bytes % 4).toBe(0);
        }
        expect([...seen].every((v) => v === 1)).toBe(true);
      }
    }
  });

  it('illegal shapes are refused: channel blocks not a multiple of 4', () => {
    const l = dev.layers.find((x) => x.kind === 'conv' && x.layer.op === 'conv' && x.geometry.cout === 32)!;
    const g = tileGeometry(dev, l, 'flexv', true);
    expect(layTiles(g, { rows: 2, channels: 6 })).toBeUndefined();
    expect(layTiles(g, { rows: 2, channels: 8 })).toBeDefined();
  });

  it('the search keeps within the budget, prefers fewer exposed transfers when room allows, and reports the smallest tile', () => {
    const l = dev.layers[1]!;
    const g = tileGeometry(dev, l, 'flexv', true);
    const big = searchTiling(g, 200_000, 8);
    const small = searchTiling(g, 6_000, 8);
    if (!('tiles' in big) || !('tiles' in small)) throw new Error('both budgets fit');
    expect(big.bytes).toBeLessThanOrEqual(200_000);
    expect(small.bytes).toBeLessThanOrEqual(6_000);
    expect(small.tiles.length).toBeGreaterThan(big.tiles.length);
    expect(big.cost).toBeLessThan(small.cost);
    expect(big.fitting).toBeGreaterThan(small.fitting);
    const none = searchTiling(g, small.minBytes - 1, 8);
    expect('tiles' in none).toBe(false);
    expect(none.minBytes).toBe(small.minBytes);
  });
});
