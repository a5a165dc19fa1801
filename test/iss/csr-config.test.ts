import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/isa/index.ts';
import { CSRS, csrByName } from '../../src/isa/csrs.ts';
import { csrsAbsentIn } from '../../src/isa/features.ts';
import { machine, put, trace } from './helpers.ts';

/**
 * Flex-V CSRs exist only in the configurations that have their feature (spec §4, §5.1): the NN-RF CSRs
 * with Mac&Load (xpulpnn, flexv), the status-based CSRs in flexv only; revision 1's `mpc` nowhere.
 */
describe('configuration-dependent CSRs', () => {
  const statusBased = CSRS.filter((c) => c.feature === 'status-based').map((c) => c.name);
  const nnrf = CSRS.filter((c) => c.feature === 'mac-load').map((c) => c.name);
  it('the table lists the spec §5.1 CSRs as status-based and the NN-RF as mac-load', () => {
    expect(statusBased.sort()).toEqual(
      ['sb_legacy', 'ivec_fmt', 'ivec_mixed_cycle', 'ivec_skip_size', 'macl_a_address', 'macl_w_address', 'macl_a_stride',
        'macl_w_stride', 'macl_a_rollback', 'macl_w_rollback', 'macl_a_skip', 'macl_w_skip'].sort(),
    );
    expect(nnrf).toHaveLength(6);
  });

  const cases: Array<[Config, string, boolean]> = [
    ...(['baseline', 'xpulpnn', 'flexv'] as const).map((c): [Config, string, boolean] => [c, 'mpc', false]),
    ...nnrf.map((n): [Config, string, boolean] => ['baseline', n, false]),
    ...nnrf.map((n): [Config, string, boolean] => ['xpulpnn', n, true]),
    ...nnrf.map((n): [Config, string, boolean] => ['flexv', n, true]),
    ...statusBased.map((n): [Config, string, boolean] => ['baseline', n, false]),
    ...statusBased.map((n): [Config, string, boolean] => ['xpulpnn', n, false]),
    ...statusBased.map((n): [Config, string, boolean] => ['flexv', n, true]),
    ['baseline', 'lpcount0', true],
  ];
  for (const [config, name, exists] of cases) {
    it(`${config}: csrrs and csrrw on ${name} ${exists ? 'work' : 'are illegal'}`, () => {
      const csr = csrByName(name)?.address ?? (name === 'mpc' ? 0x7d0 : -1); // mpc leaves the table at integration
      for (const insn of [['csrrs', { rd: 5, csr, rs1: 0 }], ['csrrw', { rd: 0, csr, rs1: 6 }]] as const) {
        const { mem, hart } = machine(config);
        put(mem, [[insn[0], { ...insn[1] }]]);
        const [r] = trace(hart, 1);
        expect(r!.trap, insn[0]).toBe(exists ? -1 : 2);
      }
      if (name !== 'mpc') expect(csrsAbsentIn(config).includes(name)).toBe(!exists);
    });
  }
});
