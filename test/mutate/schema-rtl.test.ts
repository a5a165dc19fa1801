import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { elaborateCore } from '../../src/core/core.ts';
import { buildCoreSim } from '../../src/cosim/build.ts';
import { buildRandomProgram } from '../../src/cosim/programs.ts';
import { runCore } from '../../src/cosim/run.ts';
import { readElfFile } from '../../src/elf/read.ts';
import { mutationPoints } from '../../src/hdl/mutation.ts';
import { buildSchemaSim, mutantExe } from '../../src/mutate/build.ts';
import { runMutationCampaign } from '../../src/mutate/run.ts';
import { coreSchema } from '../../src/mutate/schema.ts';
import { hasTool } from '../../src/util/tools.ts';

const ready = (await hasTool('verilator')) && (await hasTool('gcc'));
const CONFIG = 'baseline';

/** A handful of fixed mutants of the baseline core, found by what they change (not by line numbers). */
function pick(): string[] {
  const ps = mutationPoints(elaborateCore(CONFIG));
  const find = (f: (p: (typeof ps)[number]) => boolean, what: string) => {
    const p = ps.find(f);
    if (!p) throw new Error(`no mutation point: ${what}`);
    return p.key;
  };
  return [
    // the ALU's adder made a subtractor: every addi/add result is wrong
    find((p) => p.operator === 'sibling-op' && p.where.startsWith('src/core/units/alu.ts') && p.detail === 'add -> sub', 'ALU add -> sub'),
    find((p) => p.operator === 'swap-mux' && p.where.startsWith('src/core/units/lsu.ts'), 'an LSU mux'),
    find((p) => p.operator === 'stuck-1' && p.detail === "bit 0 of 'x_10'", 'a0 bit 0 stuck at 1'),
    find((p) => p.operator === 'negate-cond' && p.where.startsWith('src/core/units/lsu.ts'), 'an LSU when condition'),
  ];
}

describe.skipIf(!ready)('mutant schema on the core (Verilator)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('select 0 is the plain core cycle for cycle: the same retirement trace (pc, insn, rd value, cycle) and end', async () => {
    const work = await mkdtemp(join(tmpdir(), 'flexv-mut-'));
    dirs.push(work);
    const schema = coreSchema({ config: CONFIG, count: 0, seed: 0, operators: [], keys: pick() });
    expect(schema.mutants.map((m) => m.id)).toEqual([1, 2, 3, 4]);
    const sim = await buildSchemaSim(CONFIG, schema.design, schema.selectWidth);
    const plain = await buildCoreSim(CONFIG);
    const off = await mutantExe(sim, 0, work);
    const on = await mutantExe(sim, 1, work);
    for (const [seed, stallSeed] of [[3, 0], [4, 11]] as const) {
      const elfPath = await buildRandomProgram(work, CONFIG, seed, 200);
      const elf = await readElfFile(elfPath);
      const trace = async (exe: string) => {
        const rows: string[] = [];
        const end = await runCore(exe, elf, elfPath, { stallSeed, onRetire: (r) => void rows.push(`${r.cycle} ${r.pc} ${r.insn} ${r.rd} ${r.rdValue}`) });
        return { rows, end: { reason: end.reason, value: end.value, cycles: end.cycles, instret: end.instret } };
      };
      const a = await trace(plain.exe);
      const b = await trace(off);
      expect(a.end.reason).toBe('tohost');
      expect(a.rows.length).toBeGreaterThan(500);
      expect(b.end).toEqual(a.end);
      expect(b.rows).toEqual(a.rows);
      // the check can fail: mutant 1 (add -> sub) does not give the plain core's trace
      expect((await trace(on)).rows).not.toEqual(a.rows);
    }
  }, 900_000);

  it('known mutants are killed in lockstep, with operator, location and the killing program in the report', async () => {
    const keys = pick();
    const r = await runMutationCampaign({ target: 'core', config: CONFIG, count: 0, seed: 1, operators: [], regression: 'quick', keys, equivalents: new Map(), limitPrograms: 3 });
    expect(r.mutants.map((m) => m.key)).toEqual(keys);
    for (const m of r.mutants) {
      expect(m.status, `${m.key}: ${m.message ?? ''}`).toBe('killed');
      expect(m.killedBy).toBeTruthy();
    }
    expect(r.mutants[0]!.cause).toBe('mismatch');
    expect(r).toMatchObject({ killed: 4, survived: 0, equivalent: 0, kill_rate: 1 });
    expect(r.units.map((u) => u.unit)).toContain('src/core/units/alu.ts');
    // a mutant on the equivalent list that is killed anyway is reported as wrongly listed
    const listed = await runMutationCampaign({ target: 'core', config: CONFIG, count: 0, seed: 1, operators: [], regression: 'quick', keys: keys.slice(0, 1), equivalents: new Map([[keys[0]!, 'test']]), limitPrograms: 1 });
    expect(listed.wronglyListed).toEqual([keys[0]]);
  }, 900_000);
});
