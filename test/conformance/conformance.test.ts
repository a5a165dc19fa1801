import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTINS_HEADER_PATH, generateBuiltinsHeader } from '../../src/conformance/builtins.ts';
import { ensureUnpacked } from '../../src/conformance/archive.ts';
import { familiesOf, globFilter, listKernels, parseName, parsePrototype, type KernelEntry } from '../../src/conformance/catalog.ts';
import { includeDirOf, runConformance, type Target } from '../../src/conformance/run.ts';

/**
 * The representative subset of the conformance suite (npm test): the generated header is current, the
 * catalog reads every kernel, and a handful of unmodified PULP-NN-mixed kernels (each kind, sub-byte and
 * 8-bit, signed and unsigned) pass on the golden model, one core and the 8-core cluster, and one per
 * configuration in RTL lockstep. Kernels that fail for a reason in the kernel itself (docs/conformance.md) are checked to fail
 * as documented, so the test notices if either side changes.
 */

describe('pulp_builtins.h', () => {
  it('is the generator output (npx tsx src/conformance/builtins.ts)', () => {
    expect(readFileSync(BUILTINS_HEADER_PATH, 'utf8')).toBe(generateBuiltinsHeader());
  });
  it('maps the builtins PULP-NN uses to the table rows by their fields', () => {
    const h = generateBuiltinsHeader();
    expect(h).toMatch(/#define __builtin_pulp_sdotusp4\(a, b, acc\) \(\(int\)FLEXV_SDOTUSP_B\(\(unsigned int\)\(acc\), \(unsigned int\)\(a\), \(unsigned int\)\(b\)\)\)/);
    expect(h).toMatch(/__builtin_pulp_sdotsp16\(a, b, acc\) \(\(int\)FLEXV_SDOTSP_C/);
    expect(h).toMatch(/__builtin_pulp_mlsdotsup8_v3\(a_update, b_update, a_reg, b_reg, ptr, acc\) \\\n {2}\(\(int\)FLEXV_MLSDOTSUP_N/);
    // a = weights: load W (imm5 bit 4) and W register (bits 2:1); b = activations: load A (bit 3), A register (bit 0).
    expect(h).toContain('((((a_update) & 1) * 16) | (((b_update) & 1) * 8) | (((a_reg) & 3) << 1) | (((b_reg) & 1) << 0))');
  });
});

describe('catalog', () => {
  it('reads names and prototypes', () => {
    expect(parseName('xpulp_nn_mix_conv_u2_u4_i8_4x4', 'x')).toEqual({ kind: 'conv', fmts: [{ signed: false, bits: 2 }, { signed: false, bits: 4 }, { signed: true, bits: 8 }], tile: '4x4' });
    expect(parseName('pulp_nn_linear_u8_i32_i2', 'x')?.fmts[1]).toEqual({ signed: true, bits: 32 });
    expect(parseName('pulp_nn_im2col_u8', 'x')).toBeUndefined();
    const p = parsePrototype('void __attribute__ ((noinline)) f_x(\n  uint8_t * pIn,\n  int16_t m)\n{\n}', 'f_x', 'x');
    expect(p.params).toEqual([{ type: 'uint8_t *', name: 'pIn' }, { type: 'int16_t', name: 'm' }]);
  });
  it('configurations run their family and every earlier one', () => {
    expect(familiesOf('baseline')).toEqual(['XpulpV2']);
    expect(familiesOf('flexv')).toEqual(['XpulpV2', 'XpulpNN', 'XpulpNN-mixed']);
    expect(() => familiesOf('nope')).toThrow(/unknown configuration 'nope'/);
  });
});

describe('PULP-NN-mixed kernels, unmodified', () => {
  let root: string;
  let all: KernelEntry[];
  beforeAll(async () => {
    root = await ensureUnpacked();
    all = listKernels(root);
  }, 120_000);

  it('lists every kernel of the archive', () => {
    expect(all.length).toBe(2370);
    expect(new Set(all.map((k) => k.kind))).toEqual(new Set(['conv', 'conv1d', 'pointwise', 'depthwise', 'matmul', 'linear', 'add', 'avgpool', 'maxpool']));
  });

  const run = (name: string, config: string, target: Target) => {
    const k = all.filter(globFilter(name))[0];
    if (!k) throw new Error(`no kernel ${name}`);
    return runConformance(k, all.filter((e) => e.family === k.family), includeDirOf(root, k.family), config, target);
  };

  const PASS_GOLDEN: Array<[string, string]> = [
    ['pulp_nn_conv_u8_u8_i8', 'baseline'],
    ['pulp_nn_pointwise_u2_u8_i2', 'baseline'],
    ['pulp_nn_matmul_i8_u4_i2', 'baseline'],
    ['pulp_nn_linear_u4_i2_i4', 'baseline'],
    ['pulp_nn_linear_i8_i32_i2', 'baseline'],
    ['pulp_nn_add_u4_i2_u2', 'baseline'],
    ['pulp_nn_maxpool_i8', 'baseline'],
    ['pulp_nn_depthwise_u8_u8_i8', 'baseline'],
    ['xpulp_nn_conv1d_u8_u8_i8', 'xpulpnn'],
    ['xpulp_nn_conv_u8_u8_i8', 'xpulpnn'],
    ['xpulp_nn_matmul_u2_u2_i2', 'xpulpnn'],
    ['xpulp_nn_mix_matmul_u8_u4_i2', 'flexv'],
    ['xpulp_nn_mix_conv_u2_u2_i2', 'flexv'],
  ];
  for (const [name, config] of PASS_GOLDEN) {
    it(`${name} on the ${config} golden model, 1 and 8 cores`, async () => {
      const one = await run(name, config, 'golden');
      expect(one.message).toMatch(/bit-exact/);
      expect(one.status).toBe('pass');
      expect(one.macPerCycle).toBeGreaterThan(0);
      const eight = await run(name, config, 'cluster-golden');
      if (eight.status !== 'skip') expect(eight.status, eight.message).toBe('pass');
    }, 120_000);
  }

  it('kernel-side failures are reported with the first differing output', async () => {
    // Signed 2-bit outputs: the matmul's no-ReLU path clips to the unsigned range (clip2, not clips2).
    const m = await run('pulp_nn_matmul_u8_i2_i4', 'baseline', 'golden');
    expect(m.status).toBe('explained');
    expect(m.explanation).toMatch(/^v2-unsigned-clip:/);
    expect(m.calls.map((c) => c.ok)).toEqual([true, true, false, true]);
    expect(m.message).toMatch(/^shift: \d+ wrong output bytes, first at byte \d+/);
    // bitext_u is defined nowhere: the kernel does not link.
    const a = await run('pulp_nn_avgpool_u4_u2', 'baseline', 'golden');
    expect(a.message).toMatch(/build failed: .*bitext_u/);
    expect(a.status).toBe('explained');
    // Status-based mode with ivec_fmt never written: the first Mac&Load traps (format 0) and the run leaves at mtvec 0.
    const f = await run('xpulp_nn_mix_matmul_u2_u2_i4', 'flexv', 'golden');
    expect(f.status).toBe('explained');
    expect(f.message).toMatch(/^trapped: mcause 2 at pc 0x[0-9a-f]+; ended with tohost/);
    // conv1d 4x4 tiles: on one core (whole tiles) only the 4x4 bias rule; on 8 cores (2 pixels per core) the
    // leftover path writes one pixel of each core's chunk, so the no-bias call fails too.
    const c1 = await run('xpulp_nn_conv1d_u8_u8_i8_4x4', 'xpulpnn', 'golden');
    expect(c1.calls.find((c) => c.label === 'bn+relu, no bias')?.ok).toBe(true);
    const c8 = await run('xpulp_nn_conv1d_u8_u8_i8_4x4', 'xpulpnn', 'cluster-golden');
    expect(c8.calls.find((c) => c.label === 'bn+relu, no bias')?.ok).toBe(false);
    expect(c8.status).toBe('explained');
    expect(c8.explanation).toMatch(/xnn-conv1d-4x4-leftover:/);
  }, 120_000);

  it.each([['pulp_nn_linear_u4_i2_i4', 'baseline'], ['xpulp_nn_matmul_u2_u2_i2', 'xpulpnn'], ['xpulp_nn_mix_matmul_u8_u4_i2', 'flexv']])('%s in RTL lockstep on the %s core', async (name, config) => {
    const r = await run(name, config, 'rtl');
    expect(r.message).toMatch(/bit-exact/);
    expect(r.status).toBe('pass');
    expect(r.macPerCycle).toBeGreaterThan(0);
  }, 900_000);
});
