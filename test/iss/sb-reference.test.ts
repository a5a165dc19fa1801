import { describe, expect, it } from 'vitest';
import { controllerStep, formatDot } from '../../src/iss/mixed.ts';
import { Rng } from '../../src/randprog/rng.ts';
import { put } from './helpers.ts';
import { csr, sbMachine, SPEC_DOT_SIGNS } from './sb-helpers.ts';

/**
 * `formatDot` and `controllerStep` (src/iss/mixed.ts) are the value-level references other parts (the RTL
 * datapath tests) use: they must agree with what the compiled model executes.
 */
describe('value-level references agree with the executed model', () => {
  it('formatDot = pv.dot under random formats, cycles, signs and operands', () => {
    const rng = new Rng(77);
    for (let k = 0; k < 400; k++) {
      const fmt = rng.int(1, 13), cycle = rng.int(0, 7), sg = rng.pick(['up', 'usp', 'sp']);
      const [sa, sb] = SPEC_DOT_SIGNS[sg]!;
      const { mem, hart } = sbMachine({ fmt, cycle, skip: 1 });
      hart.x[6] = rng.interesting();
      hart.x[7] = rng.interesting();
      put(mem, [[`pv.dot${sg}.b`, { rd: 5, rs1: 6, rs2: 7 }]]);
      hart.run(1);
      expect(hart.x[5], `format ${fmt} c ${cycle} ${sg}`).toBe(formatDot(fmt, cycle, 0, hart.x[6]!, hart.x[7]!, sa, sb));
    }
  });

  it('controllerStep = the cycle sequence of the model', () => {
    const rng = new Rng(78);
    for (let k = 0; k < 60; k++) {
      const fmt = rng.int(1, 13), skip = rng.int(0, 31), cycle = rng.int(0, 7), n = rng.int(1, 40);
      const { mem, hart } = sbMachine({ fmt, skip, cycle });
      put(mem, Array.from({ length: n }, () => ['pv.sdotsp.b', { rd: 5, rs1: 6, rs2: 7 }] as [string, Record<string, number>]));
      let state = { cycle, skip, count: 0 };
      for (let i = 0; i < n; i++) {
        hart.run(1);
        const next = controllerStep(fmt, state);
        state = { ...state, ...next };
        expect(hart.csr.read(csr('ivec_mixed_cycle'), 0), `format ${fmt} skip ${skip} step ${i}`).toBe(state.cycle);
      }
    }
  });
});
