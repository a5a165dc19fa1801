import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveClusterParams } from '../../src/cluster/cluster-params.ts';
import { DEFAULT_MACRO_MIN_BITS } from '../../src/synth/memories.ts';
import { DEFAULT_SDC } from '../../src/synth/sdc.ts';
import { target } from '../../src/synth/targets.ts';
import { BUILD } from './helpers.ts';

describe('synthesis targets: core and cluster', () => {
  it('emits the cluster for --cores/--banking/--config with its SDC; --compare sides set the config', async () => {
    const t = target('cluster');
    const dir = join(BUILD, 'target-cluster', 'rtl');
    const req = { params: {}, cores: 2, banking: 1, sdc: DEFAULT_SDC };
    const input = await t.emit(t.variant(req, 'baseline'), dir);
    expect(input).toMatchObject({ top: 'flexv_cluster', target: 'cluster', label: 'baseline cluster, 2 cores, 2 banks' });
    expect(input.params).toMatchObject({ config: 'baseline', cores: 2, banking: 1, banks: 2 });
    const filelist = await readFile(join(dir, 'filelist.f'), 'utf8');
    expect(filelist).toMatch(/flexv_cluster\.sv/);
    expect(existsSync(join(dir, 'flexv_cluster.sdc'))).toBe(true);
    expect(t.breakdownDepth).toBe(2);
  });

  it('refuses what the cluster generator refuses, naming the flag', async () => {
    const t = target('cluster');
    const dir = join(BUILD, 'target-cluster-bad', 'rtl');
    await expect(t.emit({ params: {}, sdc: DEFAULT_SDC }, dir)).rejects.toThrow(/--target cluster needs --cores N/);
    await expect(t.emit({ params: {}, cores: 2, banking: 3, sdc: DEFAULT_SDC }, dir)).rejects.toThrow(/--banking must be a power of two/);
    await expect(t.emit({ params: {}, cores: 2, design: 'x.ts', sdc: DEFAULT_SDC }, dir)).rejects.toThrow(/takes no design file/);
    await expect(target('core').emit({ params: {}, cores: 2, sdc: DEFAULT_SDC }, dir)).rejects.toThrow(/--cores applies to --target cluster, not --target core/);
  });

  it('keeps every TCDM bank a macro by the size rule, over the whole range of cluster sizes and banking factors', () => {
    // docs/synth.md: TCDM banks stay macros; the smallest bank of the default TCDM must be above the rule.
    for (let cores = 1; cores <= 16; cores++) {
      for (const banking of [1, 2, 4, 8, 16]) {
        const p = resolveClusterParams({ cores, banking });
        expect(p.bankWords * 32, `${cores} cores, banking ${banking}`).toBeGreaterThanOrEqual(DEFAULT_MACRO_MIN_BITS);
      }
    }
  });
});
