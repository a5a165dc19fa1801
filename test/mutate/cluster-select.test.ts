import { describe, expect, it } from 'vitest';
import { clusterDesign } from '../../src/cluster/cluster.ts';
import { clusterTag } from '../../src/cluster/cluster-params.ts';
import { MUTATION_OPERATORS, mutationPoints } from '../../src/hdl/mutation.ts';
import { clusterEquivalentConfig } from '../../src/mutate/cluster/run.ts';
import { fabricModules, fabricPoints, clusterSchema } from '../../src/mutate/cluster/schema.ts';
import { EQUIVALENT_FILE, readEquivalents } from '../../src/mutate/equivalent.ts';
import { mutateOptions } from '../../src/mutate/options.ts';
import { readFileSync } from 'node:fs';

describe('cluster mutation points: the fabric only', () => {
  const { params, design } = clusterDesign({ cores: 2 });
  const fab = fabricPoints(design);

  it('points lie in the fabric (interconnect, TCDM, peripherals, event unit, DMA, L2 port), none in a core', () => {
    const names = new Set([...fabricModules(design)].map((d) => d.name));
    for (const m of ['cluster_fabric', 'log_interconnect', 'tcdm', 'tcdm_bank', 'cluster_periph', 'event_unit', 'cluster_dma', 'obi_mux']) expect(names, m).toContain(m);
    expect(names).not.toContain('flexv_core');
    expect(names).not.toContain('flexv_cluster');
    const all = mutationPoints(design);
    expect(fab.length).toBeGreaterThan(1000);
    expect(fab.length).toBeLessThan(all.length / 2);
    for (const p of fab) expect(p.where, p.key).toMatch(/^src\/(cluster|blocks)\/.+\.ts:\d+:\d+$/);
    for (const unit of ['interconnect', 'tcdm-bank', 'event-unit', 'dma', 'periph', 'obi-mux']) {
      expect(fab.some((p) => p.where.startsWith(`src/cluster/${unit}.ts:`)), unit).toBe(true);
    }
    // every operator but drop-enable: the fabric's registers load under `when`, none has an enable
    for (const op of MUTATION_OPERATORS) expect(fab.some((p) => p.operator === op), op).toBe(op !== 'drop-enable');
    expect(clusterTag(params)).toBe('baseline-n2-b4-t256k');
  });

  it('the schema puts the chosen fabric points behind the cluster top\'s select; the same seed draws the same mutants', () => {
    const ops = [...MUTATION_OPERATORS];
    const a = clusterSchema({ options: { cores: 2 }, count: 6, seed: 3, operators: ops });
    const b = clusterSchema({ options: { cores: 2 }, count: 6, seed: 3, operators: ops });
    expect(a.mutants.map((m) => m.key)).toEqual(b.mutants.map((m) => m.key));
    expect(a.mutants.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(a.points).toBe(fab.length);
    expect(a.design.ports).toContainEqual({ name: 'mutant_sel_i', dir: 'input', width: 3, signed: false });
    expect(a.design.files).toEqual(b.design.files);
  });

  it('the committed list\'s cluster entries name fabric points of their cluster size', () => {
    const entries = JSON.parse(readFileSync(EQUIVALENT_FILE, 'utf8')) as Array<{ config: string }>;
    for (const cfg of new Set(entries.map((e) => e.config).filter((c) => c.startsWith('cluster:')))) {
      const m = /^cluster:(\w+)-n(\d+)-b\d+-t\d+k$/.exec(cfg);
      expect(m, `bad cluster config '${cfg}' in ${EQUIVALENT_FILE}`).toBeTruthy();
      const d = clusterDesign({ config: m![1]!, cores: Number(m![2]) });
      expect(clusterEquivalentConfig(clusterTag(d.params))).toBe(cfg);
      const keys = new Set(fabricPoints(d.design).map((p) => p.key));
      for (const [key, reason] of readEquivalents(cfg)) {
        expect(keys.has(key), `stale key ${key}`).toBe(true);
        expect(reason.length).toBeGreaterThan(20);
      }
    }
  });

  it('flags: --target cluster takes --cores (default 8), a bad count is named', () => {
    expect(mutateOptions({ target: 'cluster', config: 'baseline' })).toMatchObject({ target: 'cluster', cores: 8, config: 'baseline' });
    expect(mutateOptions({ target: 'cluster', config: 'baseline', cores: '2', count: '5' })).toMatchObject({ cores: 2, count: 5 });
    expect(() => mutateOptions({ target: 'cluster', config: 'baseline', cores: '40' })).toThrow(/--cores must be an integer in \[1, 31\]/);
    expect(() => mutateOptions({ target: 'cluster', config: 'baseline', cores: 'x' })).toThrow(/--cores/);
  });
});
