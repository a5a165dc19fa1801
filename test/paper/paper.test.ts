import { describe, expect, it } from 'vitest';
import { runFlexvConv } from '../../src/paper/flexv.ts';
import { paperShape } from '../../src/paper/layer.ts';
import { familyOfBuild, runPulpConv } from '../../src/paper/pulp.ts';
import type { PaperRow } from '../../src/paper/row.ts';
import { formatTable, softwareRatios, speedups } from '../../src/paper/summary.ts';

/**
 * The paper-comparison plumbing (bench/paper.ts) on the quick catalog layer (conv3x3-small: 8x8x32 -> 32):
 * PULP-NN-mixed's conv through the conformance driver and flexv's conv on the golden 8-core cluster, a
 * planted wrong expected output caught, one RTL run bit-exact, and the speed-up arithmetic.
 */
const LAYER = 'conv3x3-small';

describe('paper layer', () => {
  it('is the catalog convolution', () => {
    expect(paperShape('conv3x3')).toEqual({ height: 16, width: 16, cin: 32, cout: 64, kh: 3, kw: 3, stride: 1, pad: 1 });
    expect(() => paperShape('fc')).toThrow(/'fc' is a fc layer/);
    expect(() => paperShape('conv3x3-dma')).toThrow(/DMA variant/);
  });
  it('maps each build to the PULP-NN-mixed family it first runs', () => {
    expect(['baseline', 'xpulpnn', 'flexv'].map((b) => familyOfBuild(b as 'baseline'))).toEqual(['XpulpV2', 'XpulpNN', 'XpulpNN-mixed']);
  });
});

describe('both software stacks on the golden 8-core cluster', () => {
  it('runs PULP-NN-mixed XpulpNN-mixed a8w4 bit-exact, one bn+relu call over the whole layer', async () => {
    const r = await runPulpConv(8, 4, 'flexv', { layer: LAYER, cores: 8, timing: 'golden' });
    expect(r.kernel).toBe('xpulp_nn_mix_conv_u8_u8_i4');
    expect(r.bit_exact).toBe(true);
    expect(r.macs).toBe(8 * 8 * 32 * 9 * 32);
    expect(r.mac_per_cycle).toBeGreaterThan(1);
  }, 300_000);
  it('catches a wrong output (a planted wrong expected byte)', async () => {
    const r = await runPulpConv(8, 4, 'flexv', {
      layer: LAYER, cores: 8, timing: 'golden',
      adjust: (c) => ({ ...c, calls: c.calls.map((x) => ({ ...x, expected: x.expected.map((b, i) => (i === 5 ? b ^ 1 : b)) })) }),
    });
    expect(r.bit_exact).toBe(false);
    expect(r.note).toMatch(/1 wrong output bytes, first at byte 5/);
  }, 300_000);
  it('reports a kernel that traps as not bit-exact with the reason (mix_conv_u2_u2_i4 never writes ivec_fmt)', async () => {
    const r = await runPulpConv(2, 4, 'flexv', { layer: LAYER, cores: 8, timing: 'golden' });
    expect(r.bit_exact).toBe(false);
    expect(r.note).toMatch(/cluster ended with/);
  }, 300_000);
  it("runs flexv's own conv on the same layer", async () => {
    const r = await runFlexvConv(8, 4, 'flexv', { layer: LAYER, cores: 8, timing: 'golden' });
    expect(r).toMatchObject({ software: 'flexv', bit_exact: true, macs: 8 * 8 * 32 * 9 * 32 });
  }, 300_000);
});

describe('on the RTL cluster', () => {
  it('runs PULP-NN-mixed XpulpNN-mixed a2w2 on the 8-core flexv cluster bit-exact, RTL cycles', async () => {
    const r = await runPulpConv(2, 2, 'flexv', { layer: LAYER, cores: 8, timing: 'rtl' });
    expect(r.bit_exact).toBe(true);
    expect(r.timing).toBe('rtl');
    // RTL cycles: at most 16 lanes x 8 cores per cycle.
    expect(r.mac_per_cycle).toBeGreaterThan(1);
    expect(r.mac_per_cycle).toBeLessThan(128);
  }, 1_800_000);
});

describe('speed-ups', () => {
  const row = (software: PaperRow['software'], build: PaperRow['build'], mpc: number, bit_exact = true): PaperRow => ({
    software, build, a: 2, w: 2, out: 2, cores: 8, kernel: 'k', family: 'f', layer: 'l', macs: 100, cycles: 100 / mpc,
    mac_per_cycle: mpc, timing: 'rtl', bit_exact, note: bit_exact ? 'ok' : 'trap',
  });
  const rows = [row('pulp-nn-mixed', 'baseline', 4), row('pulp-nn-mixed', 'flexv', 34), row('flexv', 'baseline', 12), row('flexv', 'flexv', 30), row('flexv', 'xpulpnn', 6, false)];
  it('flexv build over baseline build per software, null with the reason when a row is not bit-exact', () => {
    const s = speedups(rows);
    expect(s.find((x) => x.software === 'pulp-nn-mixed' && x.build === 'flexv')?.speedup).toBe(8.5);
    expect(s.find((x) => x.software === 'flexv' && x.build === 'flexv')?.speedup).toBe(2.5);
    expect(s.find((x) => x.software === 'flexv' && x.build === 'xpulpnn')).toMatchObject({ speedup: null, why: expect.stringMatching(/flexv on xpulpnn not bit-exact: trap/) });
  });
  it('flexv software against PULP-NN-mixed per build', () => {
    const r = softwareRatios(rows);
    expect(r.find((x) => x.build === 'baseline')).toMatchObject({ ratio: 3, flexv_faster: true });
    expect(r.find((x) => x.build === 'flexv')?.flexv_faster).toBe(false);
    expect(formatTable(rows)).toMatch(/\| a2w2 \| 4\.00 \| — \| 34\.00 \| 8\.50× \| 12\.00 \| 6\.00 ✗ \| 30\.00 \| 2\.50× \| 3\.00×, —, 0\.88× \|/);
  });
});
