import { describe, expect, it } from 'vitest';
import { assemble, toElf } from '../../src/asm/index.ts';
import { CONFIGS, instructionsFor } from '../../src/isa/index.ts';
import { L2_BASE } from '../../src/platform/memory-map.ts';
import { buildRandomElf } from '../../src/randprog/assemble.ts';
import { EXEC_HAZARDS, ExecCoverage, hazardApplies } from '../../src/randprog/exec-coverage.ts';
import { observeOnGolden, runExecCoverage } from '../../src/randprog/exec-coverage-run.ts';
import { NOT_GENERATED } from '../../src/randprog/generate.ts';
import { addProgram, emptyCoverage } from '../../src/randprog/coverage.ts';
import { emptyStatusFacts } from '../../src/randprog/emitter.ts';

const SEEDS = 50;

describe('execution coverage (from the retirement stream)', () => {
  it('counts what ran, not what the code holds: a branch shadow adds nothing, a loop body counts per iteration', () => {
    const source = [
      '_start:',
      '  la s11, data',
      '  lw a0, 0(s11)', //        load ...
      '  add a1, a0, x0', //       ... use: load-use
      '  mul t3, a1, a1',
      '  add t4, t3, x0', //       mul-use
      '  lw a4, 1(s11)', //        misaligned: two beats
      '  beq a4, a4, 1f', //       load-then-branch on a split load, taken forward
      '  lw a5, 0(s11)', //        shadow: a load-use pair that never runs
      '  add a6, a5, x0',
      '  div a6, a5, a4',
      '1: li t0, 3',
      '  lp.setup 0, t0, 2f', //  3 iterations of a 2-instruction body
      '  addi a6, a6, 1',
      '2: addi a7, a7, 1',
      '  li t2, 1',
      '  la t1, tohost',
      '  sw t2, 0(t1)',
      '3: j 3b',
      '.data',
      'data: .word 0x11223344, 0x55667788',
      'tohost: .word 0',
    ].join('\n');
    const asm = assemble(source, { config: 'baseline', rvc: false, textBase: L2_BASE, fileName: 'known.S' });
    const elf = toElf(asm);
    const run = runExecCoverage('baseline', elf, 'known.S');
    expect(run.hazards).toMatchObject({
      'load-use': 1,
      'load-then-branch': 1,
      'split-load-use': 1,
      'misaligned-load': 1,
      'mul-use': 1,
      'div-use': 0,
      'branch-taken-forward': 1,
      'branch-not-taken': 0,
      'hwloop0-back': 2,
      'hwloop-exit': 1,
      'hwloop-short-body': 2,
      'hwloop1-back': 0,
      'trap-ecall': 0,
    });
    expect(run.executed['div']).toBeUndefined();
    expect(run.executed['addi']).toBeGreaterThanOrEqual(3 + 3); // the loop body's two addi, three times each
    // The static report counts the shadow's pair: the execution report does not.
    const stat = emptyCoverage('baseline');
    addProgram(stat, asm, { status: emptyStatusFacts(), misaligned: 0, accesses: 0, excluded: [] });
    expect(stat.produced['div']).toBe(1);
    expect(stat.hazards['load-use']).toBe(2);
  });

  it('merges coverages of one configuration', () => {
    const a = new ExecCoverage('baseline');
    const b = new ExecCoverage('baseline');
    observeOnGolden(a, buildRandomElf({ config: 'baseline', seed: 1, length: 50 }).elf, 'seed 1');
    observeOnGolden(b, buildRandomElf({ config: 'baseline', seed: 2, length: 50 }).elf, 'seed 2');
    const ra = a.report(), rb = b.report();
    a.merge(b);
    const m = a.report();
    expect(m.programs).toBe(2);
    expect(m.retired).toBe(ra.retired + rb.retired);
    expect(m.hazards['raw-forward-ex']).toBe(ra.hazards['raw-forward-ex'] + rb.hazards['raw-forward-ex']);
  });

  describe.each(CONFIGS)('%s random programs', (config) => {
    it(`${SEEDS} seeds retire every id but the exclusions and hit every applicable hazard class`, () => {
      const cov = new ExecCoverage(config);
      const planned = emptyStatusFacts();
      for (let seed = 1; seed <= SEEDS; seed++) {
        const p = buildRandomElf({ config, seed, length: 200 });
        observeOnGolden(cov, p.elf, `seed ${seed}`);
        for (const s of ['a', 'w'] as const) {
          planned.streamLoads[s] += p.facts.status.streamLoads[s];
          planned.plannedRollbacks[s] += p.facts.status.plannedRollbacks[s];
        }
        planned.toStatusBased += p.facts.status.toStatusBased;
        planned.toLegacy += p.facts.status.toLegacy;
      }
      const r = cov.report();
      // The generator's model of the mode and the streams agrees with what ran on the golden model.
      expect([r.hazards['macl-a-load'], r.hazards['macl-w-load'], r.hazards['macl-a-rollback'], r.hazards['macl-w-rollback']])
        .toEqual([planned.streamLoads.a, planned.streamLoads.w, planned.plannedRollbacks.a, planned.plannedRollbacks.w]);
      expect([r.hazards['mode-to-status-based'], r.hazards['mode-to-legacy']]).toEqual([planned.toStatusBased, planned.toLegacy]);
      const excluded = Object.keys(NOT_GENERATED).filter((id) => instructionsFor(config).some((d) => d.id === id));
      expect(r.notExecuted.sort()).toEqual(excluded.sort());
      expect(r.hazardsMissed).toEqual([]);
      for (const h of EXEC_HAZARDS) if (!hazardApplies(config, h)) expect({ h, n: r.hazards[h] }).toEqual({ h, n: 0 });
      // every class many times over, not once by luck
      for (const h of EXEC_HAZARDS.filter((x) => hazardApplies(config, x))) expect({ h, enough: r.hazards[h] >= 5 }).toEqual({ h, enough: true });
      // status-based mode (flexv): every format 1..13 ran dot products and Mac&Loads
      expect(r.formatsMissed).toEqual([]);
      if (config !== 'flexv') expect(r.formats).toEqual({});
    });
  });
});
