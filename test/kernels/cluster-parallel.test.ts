import { describe, expect, it } from 'vitest';
import { BUILDS, FORMAT_PAIRS, type Bits } from '../../src/kernels/index.ts';
import { makeClusterLayer, runClusterOnGolden, type KindShape } from '../../src/kernels/cluster/index.ts';
import { buildClusterLayer } from '../../src/kernels/cluster/golden.ts';
import { UserError } from '../../src/util/errors.ts';
import { L2_BASE } from '../../src/platform/memory-map.ts';

/**
 * The work split and the data movement on the golden cluster model: several cores (barriers through the
 * event unit), tensors in the TCDM or in L2 with DMA double buffering, uneven shares, and the checks that
 * must fail when an output is wrong.
 */
const CONV: KindShape = { kind: 'conv', height: 6, width: 5, cin: 32, cout: 16, kh: 3, kw: 3, stride: 1, pad: 1 };
const STRIDED: KindShape = { kind: 'conv', height: 7, width: 6, cin: 32, cout: 16, kh: 3, kw: 3, stride: 2, pad: 0 };
const POINTWISE: KindShape = { kind: 'pointwise', height: 5, width: 3, cin: 32, cout: 16 };
const FC: KindShape = { kind: 'fc', n: 64, k: 96 };

describe('cluster kernels on several cores of the golden model', () => {
  const cases: Array<[string, number, KindShape]> = [
    ['conv', 2, CONV], ['conv', 8, CONV], ['strided conv', 3, STRIDED], ['pointwise', 4, POINTWISE], ['fc', 8, FC],
  ];
  for (const dma of [false, true]) {
    // Every pair once per case, the build rotating with the pair (all 27 pairs x builds are covered on one
    // core in cluster-golden.test.ts; here the split and the DMA are under test).
    it.each(cases)(`%s on %i cores: every pair bit-exact, ${dma ? 'DMA from L2' : 'tensors in the TCDM'}`, async (_name, cores, shape) => {
      for (const [i, { a, w }] of FORMAT_PAIRS.entries()) {
        const outBits = ([8, 4, 2] as Bits[])[(i + cores) % 3];
        const build = BUILDS[(i + cores + (dma ? 1 : 0)) % 3];
        // Small DMA tiles: several tiles, so the double buffering really alternates.
        const tile = shape.kind === 'fc' ? Math.max(4, 32 / outBits) * 2 : 2;
        const c = makeClusterLayer({ ...shape, a, w, outBits }, { maxCores: cores, dma, tile }, 300 + i);
        const r = await runClusterOnGolden(c, build, cores);
        expect({ a, w, build, status: r.status, wrong: r.wrong }).toEqual({ a, w, build, status: 1, wrong: 0 });
      }
    });
  }

  it('splits the work: every core retires instructions, the busiest far fewer than one core alone', async () => {
    const c = makeClusterLayer({ ...CONV, a: 4, w: 2, outBits: 4 }, { maxCores: 4 }, 5);
    const one = await runClusterOnGolden(c, 'flexv', 1);
    const four = await runClusterOnGolden(c, 'flexv', 4);
    expect(four.wrong).toBe(0);
    for (const n of four.perfInstr) expect(n).toBeGreaterThan(0.15 * one.perfInstr[0]);
    expect(four.maxInstr).toBeLessThan(0.35 * one.perfInstr[0]);
  });

  it('fewer cores than the ELF was built for run the same layer (the split reads the core count)', async () => {
    const c = makeClusterLayer({ ...CONV, a: 8, w: 8, outBits: 8 }, { maxCores: 8, dma: true, tile: 2 }, 6);
    for (const cores of [1, 3, 8]) expect((await runClusterOnGolden(c, 'xpulpnn', cores)).wrong).toBe(0);
  });
});

describe('failures are caught', () => {
  it('a wrong expected output fails both the on-core checksum (EOC status 2) and the host comparison', async () => {
    const c = makeClusterLayer({ ...CONV, a: 2, w: 4, outBits: 2 }, { maxCores: 2, dma: true, tile: 2 }, 7);
    const last = c.layer.out.length - 1;
    c.layer.out[last] = c.layer.out[last] === 0 ? 1 : 0;
    const r = await runClusterOnGolden(c, 'flexv', 2);
    expect(r.status).toBe(2);
    expect(r.wrong).toBe(1);
    expect(r.firstWrong).toBe(last);
  });

  it('more cores than the ELF was built for end with EOC status 3', async () => {
    const c = makeClusterLayer({ ...FC, a: 8, w: 8, outBits: 8 }, { maxCores: 2 }, 8);
    const elf = await buildClusterLayer(c, 'baseline');
    const { readElfFile } = await import('../../src/elf/read.ts');
    const { Cluster } = await import('../../src/iss/cluster.ts');
    const cluster = new Cluster('baseline', 4);
    cluster.load(await readElfFile(elf), elf);
    const r = cluster.run(1e6);
    expect({ reason: r.reason, value: r.value }).toEqual({ reason: 'eoc', value: 3 });
  });

  it('bad shapes and options are user errors naming the problem', async () => {
    expect(() => makeClusterLayer({ ...FC, a: 8, w: 8, outBits: 2 }, { maxCores: 2, dma: true, tile: 8 }, 1)).toThrow(/multiple of 16/);
    expect(() => makeClusterLayer({ ...FC, a: 8, w: 8, outBits: 8 }, { maxCores: 0 }, 1)).toThrow(UserError);
    expect(() => makeClusterLayer({ kind: 'conv', height: 4, width: 4, cin: 4, cout: 8, kh: 3, kw: 3, stride: 1, pad: 1, a: 4, w: 8, outBits: 8 }, { maxCores: 1 }, 1)).toThrow(/cin \* a/);
    const c = makeClusterLayer({ ...CONV, a: 8, w: 8, outBits: 8 }, { maxCores: 2 }, 1);
    await expect(runClusterOnGolden(c, 'flexv', 4)).rejects.toThrow(/built for at most 2/);
    await expect(runClusterOnGolden(c, 'flexv', 1, { tcdm: 4096 })).rejects.toThrow(/bytes of TCDM/);
  });
});

describe('the sweep hook', () => {
  it('names the kernels and prepares an ELF whose run check() judges from the final L2', async () => {
    const { clusterKernelNames, prepareClusterKernel, DEFAULT_CLUSTER_KERNEL } = await import('../../src/kernels/cluster/index.ts');
    const { readElfFile } = await import('../../src/elf/read.ts');
    const { Cluster } = await import('../../src/iss/cluster.ts');
    expect(clusterKernelNames()).toContain(DEFAULT_CLUSTER_KERNEL);
    expect(clusterKernelNames()).toContain('conv3x3-dma');
    await expect(prepareClusterKernel('nope', { cores: 2, build: 'flexv', a: 2, w: 2 })).rejects.toThrow(/unknown cluster kernel 'nope'/);
    const k = await prepareClusterKernel('conv3x3-small', { cores: 2, build: 'flexv', a: 4, w: 2 });
    expect(k.macs).toBe(8 * 8 * 32 * 9 * 32);
    const cluster = new Cluster('flexv', 2);
    cluster.load(await readElfFile(k.elf), k.elf);
    const r = cluster.run(5e7);
    // The harness's end record, as far as check() reads it: the end and the final L2 bytes.
    const end = { reason: r.reason, value: r.value, l2: Buffer.from(cluster.mem.l2.u8.buffer) } as unknown as Parameters<typeof k.check>[0];
    const verdict = await k.check(end);
    expect({ ok: verdict.ok, wrong: verdict.wrong }).toEqual({ ok: true, wrong: 0 });
    expect(verdict.macPerCycle).toBeGreaterThan(0);
    // A corrupted output word in L2 is reported.
    const y = (await readElfFile(k.elf)).symbol('y_result')!.value >>> 0;
    cluster.mem.l2.i32[(y - L2_BASE) / 4] ^= 1; // end.l2 shares these bytes
    const bad = await k.check(end);
    expect(bad.ok).toBe(false);
    expect(bad.wrong).toBeGreaterThan(0);
  });
});
