import { writeFile } from 'node:fs/promises';
import { ensureUnpacked } from './archive.ts';
import { familiesOf, globFilter, listKernels, type KernelEntry } from './catalog.ts';
import { includeDirOf, runConformance, type KernelResult, type Target } from './run.ts';

/**
 * The conformance suite: every PULP-NN-mixed kernel that targets a configuration (its family and every
 * earlier one), run on the golden model, optionally in RTL lockstep on one core, and the parallel kernels
 * on the golden cluster model (and its RTL). One result row per kernel and target.
 */
export interface SuiteOptions {
  config: string;
  kernels?: string;
  targets: Target[];
  clusterCores?: number;
  seed?: number;
  onResult?: (r: KernelResult) => void;
}

export interface SuiteResult {
  results: KernelResult[];
  kernels: KernelEntry[];
}

export async function runSuite(o: SuiteOptions): Promise<SuiteResult> {
  const root = await ensureUnpacked();
  const all = listKernels(root, familiesOf(o.config));
  const kernels = all.filter(globFilter(o.kernels));
  const results: KernelResult[] = [];
  for (const k of kernels) {
    const family = all.filter((e) => e.family === k.family);
    for (const target of o.targets) {
      const r = await runConformance(k, family, includeDirOf(root, k.family), o.config, target, { seed: o.seed, clusterCores: o.clusterCores });
      results.push(r);
      o.onResult?.(r);
    }
  }
  return { results, kernels };
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** The table row of a result: kernel, config, target, cores, status, MAC/cycle, message. */
export function formatRow(r: KernelResult): string {
  const mpc = r.status === 'skip' || !r.macPerCycle ? '-' : r.macPerCycle.toFixed(2);
  return `${pad(`${r.family}/${r.kernel}`, 46)} ${pad(r.config, 8)} ${pad(r.target, 14)} ${pad(String(r.cores), 5)} ${pad(r.status, 5)} ${pad(mpc, 9)} ${r.status === 'pass' ? '' : r.message}`;
}

export const TABLE_HEADER = `${pad('kernel', 46)} ${pad('config', 8)} ${pad('target', 14)} ${pad('cores', 5)} ${pad('ok', 5)} ${pad('MAC/cyc', 9)} note`;

export function formatSummary(results: KernelResult[], kernels: KernelEntry[] = []): string {
  const by = (rs: KernelResult[], s: string) => rs.filter((r) => r.status === s).length;
  const lines = [`${results.length} runs: ${by(results, 'pass')} pass, ${by(results, 'fail')} fail, ${by(results, 'skip')} skipped (MAC/cycle: per instruction on the golden model, per cycle on the RTL)`];
  // Per family, kind and target: how many kernels pass.
  const kindOf = new Map(kernels.map((k) => [`${k.family}/${k.name}`, `${k.kind}${k.tile ? `_${k.tile}` : ''}`]));
  const groups = new Map<string, KernelResult[]>();
  for (const r of results) {
    const key = `${r.family} ${kindOf.get(`${r.family}/${r.kernel}`) ?? '?'} ${r.target}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  if (kernels.length) for (const [key, rs] of groups) lines.push(`  ${pad(key, 44)} ${by(rs, 'pass')}/${rs.length} pass`);
  return lines.join('\n');
}

export async function writeJson(path: string, results: KernelResult[]): Promise<void> {
  await writeFile(path, `${JSON.stringify(results.map(({ elf: _elf, ...r }) => r), null, 2)}\n`);
}
