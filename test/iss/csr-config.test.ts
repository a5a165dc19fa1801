import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/isa/index.ts';
import { csrByName } from '../../src/isa/csrs.ts';
import { machine, put, trace } from './helpers.ts';

/** Flex-V CSRs exist only in the configurations that have their state (as the core's CSR file). */
describe('configuration-dependent CSRs', () => {
  const cases: Array<[Config, string, boolean]> = [
    ['baseline', 'mpc', false],
    ['baseline', 'nnrf_a0', false],
    ['baseline', 'nnrf_w3', false],
    ['xpulpnn', 'mpc', false],
    ['xpulpnn', 'nnrf_a0', true],
    ['xpulpnn', 'nnrf_w3', true],
    ['flexv', 'mpc', true],
    ['flexv', 'nnrf_w3', true],
    ['baseline', 'lpcount0', true],
  ];
  for (const [config, name, exists] of cases) {
    it(`${config}: csrrs on ${name} ${exists ? 'reads it' : 'is illegal'}`, () => {
      const { mem, hart } = machine(config);
      put(mem, [['csrrs', { rd: 5, csr: csrByName(name)!.address, rs1: 0 }]]);
      const [r] = trace(hart, 1);
      expect(r!.trap).toBe(exists ? -1 : 2);
    });
  }
});
