import { describe, expect, it } from 'vitest';
import { parseName, type Family, type KernelEntry } from '../../src/conformance/catalog.ts';
import { bugsOf, explain } from '../../src/conformance/known.ts';
import type { KernelResult } from '../../src/conformance/run.ts';
import { configsOf, stratified, suiteItems } from '../../src/conformance/suite.ts';

/** A result row with the given calls failing (labels of the requantizing kernels). */
function row(family: Family, kernel: string, failing: string[], message?: string, labels = ['bn+relu', 'relu', 'shift', 'bn+relu, no bias']): KernelResult {
  const calls = labels.map((label) => ({ label, ok: !failing.includes(label), cycles: 1, macs: 1, wrongBytes: failing.includes(label) ? 1 : 0 }));
  return {
    kernel, family, config: 'flexv', target: 'golden', cores: 1, calls, macPerCycle: 1,
    status: failing.length || message ? 'fail' : 'pass', message: message ?? `${failing.join(', ')} wrong`,
  };
}

describe('known kernel bugs', () => {
  it('explain a failure only when every failing call is one the documented bugs can make wrong', () => {
    const ok = explain(row('XpulpV2', 'pulp_nn_matmul_u8_i2_i4', ['shift']));
    expect(ok.status).toBe('explained');
    expect(ok.explanation).toMatch(/^v2-unsigned-clip: /);
    // One more failing call than the bug makes: a flexv bug may hide behind it, so it stays a failure.
    expect(explain(row('XpulpV2', 'pulp_nn_matmul_u8_i2_i4', ['shift', 'relu'])).status).toBe('fail');
    // The same symptom on a kernel the rule does not cover (unsigned outputs): not explained.
    expect(explain(row('XpulpV2', 'pulp_nn_matmul_u8_u2_i4', ['shift'])).status).toBe('fail');
    // A bias bug whose dropped bias clips to the same output in some calls: explained (the no-bias call passes).
    expect(explain(row('XpulpNN-mixed', 'xpulp_nn_mix_matmul_u2_u2_i2_4x4', ['bn+relu', 'shift'])).status).toBe('explained');
    expect(explain(row('XpulpNN-mixed', 'xpulp_nn_mix_matmul_u2_u2_i2_4x4', ['bn+relu', 'bn+relu, no bias'])).status).toBe('fail');
    // Two bugs of one kernel: the union of their calls.
    expect(explain(row('XpulpNN-mixed', 'xpulp_nn_mix_conv_u4_u8_i8_4x4', ['bn+relu', 'relu', 'shift', 'bn+relu, no bias'])).status).toBe('explained');
  });
  it('never explain a lockstep mismatch or a crash the rule does not name', () => {
    expect(explain(row('XpulpV2', 'pulp_nn_matmul_u8_i2_i4', ['shift'], 'lockstep mismatch: retirement 12')).status).toBe('fail');
    expect(explain(row('XpulpV2', 'pulp_nn_matmul_u8_i2_i4', ['shift'], 'ended with timeout (value 0, pc 0x100); shift: 1 wrong')).status).toBe('fail');
    expect(explain(row('XpulpV2', 'pulp_nn_avgpool_u4_u2', [], "build failed: x.c:(.text+0x180): undefined reference to `bitext_u'", [])).status).toBe('explained');
    expect(explain(row('XpulpV2', 'pulp_nn_avgpool_u4_u2', [], 'build failed: x.c: error: something else', [])).status).toBe('fail');
  });
  it('apply a cluster-only rule to cluster runs only', () => {
    const one = row('XpulpNN', 'xpulp_nn_conv1d_i2_i2_i2_4x4', ['bn+relu, no bias']);
    expect(explain(one).status).toBe('fail');
    const eight = explain({ ...one, target: 'cluster-golden', cores: 8 });
    expect(eight.status).toBe('explained');
    expect(eight.explanation).toMatch(/^xnn-conv1d-4x4-leftover: /);
  });
  it('is idempotent on stored rows', () => {
    const once = explain(row('XpulpNN', 'xpulp_nn_linear_u4_u8_i8', ['bn+relu', 'bn+relu, no bias']));
    expect(once.status).toBe('explained');
    expect(explain(once)).toEqual(once);
  });
  it('cover the kernels by family and name parts', () => {
    expect(bugsOf('XpulpNN', 'xpulp_nn_depthwise_u4_u8_i8').map((b) => b.id)).toEqual(['depthwise-bias-by-group']);
    expect(bugsOf('XpulpNN-mixed', 'xpulp_nn_mix_conv_u2_u8_i4').map((b) => b.id)).toEqual(['mix-no-ivec-fmt']);
    expect(bugsOf('XpulpV2', 'pulp_nn_conv_u8_u8_i8')).toEqual([]);
  });
});

describe('suite items', () => {
  const k = (family: Family, name: string): KernelEntry => ({ family, group: '', name, file: '', returns: 'void', params: [], ...parseName(name, name)! });
  const all = [
    k('XpulpV2', 'pulp_nn_add_u8_u8_u8'), k('XpulpV2', 'pulp_nn_add_u8_u8_u4'), k('XpulpV2', 'pulp_nn_add_u8_u8_u2'),
    k('XpulpV2', 'pulp_nn_conv_u8_u8_i8'), k('XpulpNN', 'xpulp_nn_add_u8_u8_u8'), k('XpulpNN-mixed', 'xpulp_nn_mix_add_u8_u8_u8'),
  ];
  it('run each kernel on every selected configuration that runs its family, kernel-major', () => {
    expect(configsOf('all')).toEqual(['baseline', 'xpulpnn', 'flexv']);
    expect(configsOf('flexv,baseline')).toEqual(['baseline', 'flexv']);
    expect(() => configsOf('baseline,nope')).toThrow(/unknown configuration 'nope'/);
    const items = suiteItems(all, { config: 'all', targets: ['golden'] });
    expect(items.length).toBe(4 * 3 + 2 + 1);
    expect(items.slice(0, 3).map((i) => `${i.kernel.name} ${i.config}`)).toEqual(['pulp_nn_add_u8_u8_u8 baseline', 'pulp_nn_add_u8_u8_u8 xpulpnn', 'pulp_nn_add_u8_u8_u8 flexv']);
    expect(suiteItems(all, { config: 'xpulpnn', targets: ['golden', 'rtl'] }).length).toBe(5 * 2);
  });
  it('sample every n-th kernel of each family/kind/tile group', () => {
    expect(stratified(all, 2).map((e) => e.name)).toEqual(['pulp_nn_add_u8_u8_u8', 'pulp_nn_add_u8_u8_u2', 'pulp_nn_conv_u8_u8_i8', 'xpulp_nn_add_u8_u8_u8', 'xpulp_nn_mix_add_u8_u8_u8']);
    expect(stratified(all, 1)).toEqual(all);
  });
});
