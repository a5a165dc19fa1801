import { execa } from 'execa';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elaborateCore, emitCore } from '../../src/core/core.ts';
import { emit, writeEmit } from '../../src/hdl/index.ts';
import { applyMutantSchema, MUTATION_OPERATORS, mutationPoints, type MutationPoint } from '../../src/hdl/mutation.ts';
import { planOf } from '../../src/campaign/plan.ts';
import { readEquivalents } from '../../src/mutate/equivalent.ts';
import { mutateOptions } from '../../src/mutate/options.ts';
import { writeFileSync } from 'node:fs';
import { selectPoints } from '../../src/mutate/select.ts';
import { lintVerilator } from '../../src/sim/lint.ts';
import { hasTool } from '../../src/util/tools.ts';

const points = mutationPoints(elaborateCore('flexv'));
const verilatorReady = await hasTool('verilator');
const keys = (ps: MutationPoint[]) => ps.map((p) => p.key);

describe('mutation points and their selection', () => {
  it('every operator has points, each traced to the generator source line that built it', () => {
    for (const op of MUTATION_OPERATORS) expect(points.some((p) => p.operator === op), op).toBe(true);
    for (const p of points) expect(p.where, p.key).toMatch(/^src\/core\/.+\.ts:\d+:\d+$/);
    expect(new Set(keys(points)).size).toBe(points.length);
  });

  it('selection is deterministic: same seed, same mutants; another seed, others; operators filter', () => {
    const all = [...MUTATION_OPERATORS];
    const a = selectPoints(points, { count: 20, seed: 5, operators: all });
    const again = selectPoints(mutationPoints(elaborateCore('flexv')), { count: 20, seed: 5, operators: all });
    expect(keys(again)).toEqual(keys(a));
    expect(keys(selectPoints(points, { count: 20, seed: 6, operators: all }))).not.toEqual(keys(a));
    const only = selectPoints(points, { count: 10, seed: 5, operators: ['swap-mux', 'negate-cond'] });
    expect(only).toHaveLength(10);
    for (const p of only) expect(['swap-mux', 'negate-cond']).toContain(p.operator);
    const few = points.filter((p) => p.operator === 'drop-enable').length;
    expect(selectPoints(points, { count: 100_000, seed: 1, operators: ['drop-enable'] })).toHaveLength(few);
  });

  it('the committed equivalent list names existing points of its configuration, one-line reasons; bad entries named', async () => {
    const listed = readEquivalents('flexv');
    expect(listed.size).toBeGreaterThan(0);
    const all = new Set(keys(points));
    for (const [key, reason] of listed) {
      expect(all.has(key), `stale key ${key}`).toBe(true);
      expect(reason.length).toBeGreaterThan(20);
    }
    expect(readEquivalents('no-such-config').size).toBe(0);
    const bad = join(await mkdtemp(join(tmpdir(), 'flexv-eq-')), 'eq.json');
    writeFileSync(bad, JSON.stringify([{ config: 'flexv', key: 'k', reason: 'r' }, { config: 'flexv', key: 'k2' }]));
    expect(() => readEquivalents('flexv', bad)).toThrow(/entry 1: needs a string 'config' and 'key' and a one-line 'reason'/);
  });

  it('bad flags give errors that name the flag', () => {
    const ok = { target: 'core', config: 'flexv' };
    expect(() => mutateOptions({ ...ok, count: 'many' })).toThrow(/--count must be an integer/);
    expect(() => mutateOptions({ ...ok, seed: '-1' })).toThrow(/--seed must be an integer/);
    expect(() => mutateOptions({ ...ok, operators: 'swap-mux,flip-bits' })).toThrow(/unknown mutation operator 'flip-bits'/);
    expect(() => mutateOptions({ ...ok, config: 'nope' })).toThrow(/unknown core configuration 'nope'/);
    expect(() => mutateOptions({ ...ok, target: 'soc' })).toThrow(/unknown target 'soc'/);
    expect(() => mutateOptions({ ...ok, regression: 'huge' })).toThrow(/unknown regression 'huge'/);
    expect(() => mutateOptions({ ...ok, cores: '4' })).toThrow(/--cores applies to --target cluster/);
    expect(mutateOptions({ ...ok, count: '7', operators: 'stuck-0' })).toMatchObject({ count: 7, operators: ['stuck-0'], regression: 'quick' });
  });

  it('`flexv campaign plan mutate`: one item per mutant, the campaign seed selects them, bad flags named', () => {
    const c = planOf('mutate', { config: 'baseline', count: '12', operators: 'swap-mux' }, { shards: 3, seed: 4, command: '' });
    expect(c).toMatchObject({ kind: 'mutate', items: 12, shards: 3, params: { config: 'baseline', count: 12, operators: ['swap-mux'], regression: 'quick' } });
    expect(() => planOf('mutate', { config: 'flexv', count: 'x' }, { shards: 1, seed: 1, command: '' })).toThrow(/--count must be an integer/);
  });

  it('the CLI prints the flag with the error and exits non-zero', async () => {
    const r = await execa('node', ['bin/flexv.js', 'mutate', '--config', 'flexv', '--count', '0'], { reject: false, env: { FLEXV_FROM_SOURCE: '1' } });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/--count.*must be an integer in \[1, /);
  }, 60_000);

  it('a schema without mutants emits the plain design byte for byte', () => {
    const d = elaborateCore('baseline');
    expect(applyMutantSchema(d, [])).toBe(1);
    expect(emit(d).files).toEqual(emitCore('baseline').files);
  });

  it.skipIf(!verilatorReady)('a schema with one mutant of every operator is Verilator -Wall clean', async () => {
    const d = elaborateCore('baseline');
    const ps = mutationPoints(d);
    const chosen = MUTATION_OPERATORS.map((op) => ps.filter((p) => p.operator === op)).flatMap((list) => [list[0]!, list[Math.floor(list.length / 2)]!]);
    expect(applyMutantSchema(d, chosen)).toBe(5);
    const r = emit(d);
    expect(r.ports).toContainEqual({ name: 'mutant_sel_i', dir: 'input', width: 5, signed: false });
    const dir = await mkdtemp(join(tmpdir(), 'flexv-mut-lint-'));
    await writeEmit(r, dir);
    const lint = await lintVerilator(dir, { top: r.top });
    expect(lint.messages).toEqual([]);
  }, 120_000);
});
