import { writeFile } from 'node:fs/promises';
import { ensureUnpacked, ensureUnpackedSync } from './archive.ts';
import { UserError } from '../util/errors.ts';
import { CONFIGS, FAMILIES, familiesOf, globFilter, listKernels, parseName, type KernelEntry } from './catalog.ts';
import { includeDirOf, runConformance, type KernelResult, type Target } from './run.ts';

/**
 * The conformance suite: every PULP-NN-mixed kernel that targets a configuration (its family and every
 * earlier one), run on the golden model, optionally in RTL lockstep on one core, and the parallel kernels
 * on the golden cluster model (and its RTL). One result row per kernel, configuration and target.
 */
export interface SuiteOptions {
  /** A configuration, a comma-separated list, or `all`. */
  config: string;
  kernels?: string;
  targets: Target[];
  /** Stratified sample: every `every`-th kernel of each family/kind/tile group (1: all). */
  every?: number;
  clusterCores?: number;
  seed?: number;
  onResult?: (r: KernelResult) => void;
}

export interface SuiteResult {
  results: KernelResult[];
  kernels: KernelEntry[];
}

/** `all`, one configuration or a comma-separated list, in the order of CONFIGS. */
export function configsOf(spec: string): string[] {
  const want = spec.trim() === 'all' ? [...CONFIGS] : spec.split(',').map((s) => s.trim()).filter(Boolean);
  for (const c of want) familiesOf(c); // names the bad one
  if (!want.length) throw new UserError(`--config needs a configuration (${CONFIGS.join(', ')}, or all)`, '--config');
  return CONFIGS.filter((c) => want.includes(c));
}

/**
 * Every `every`-th kernel of each group of the same family, kind and tile, in catalog order (so each kind
 * and precision pattern is represented); `every` = 1 keeps all.
 */
export function stratified(kernels: readonly KernelEntry[], every = 1): KernelEntry[] {
  if (every <= 1) return [...kernels];
  const seen = new Map<string, number>();
  return kernels.filter((k) => {
    const g = `${k.family}/${k.kind}/${k.tile}`;
    const i = seen.get(g) ?? 0;
    seen.set(g, i + 1);
    return i % every === 0;
  });
}

export interface SuiteItem {
  config: string;
  kernel: KernelEntry;
  target: Target;
}

/**
 * The runs of a suite, kernel-major (a kernel's runs on every configuration and target follow each other,
 * so its ELFs are built once and reused): each kernel on every selected configuration that runs its family.
 */
export function suiteItems(all: readonly KernelEntry[], o: Pick<SuiteOptions, 'config' | 'kernels' | 'targets' | 'every'>): SuiteItem[] {
  const configs = configsOf(o.config);
  const chosen = stratified(all.filter(globFilter(o.kernels)), o.every);
  const items: SuiteItem[] = [];
  for (const kernel of chosen) {
    for (const config of configs) {
      if (!familiesOf(config).includes(kernel.family)) continue;
      for (const target of o.targets) items.push({ config, kernel, target });
    }
  }
  return items;
}

/** Every kernel of every family, and the families' kernels by family (for the dependencies of a build). */
export async function catalog(): Promise<{ root: string; all: KernelEntry[]; byFamily: Map<string, KernelEntry[]> }> {
  const root = await ensureUnpacked();
  const all = listKernels(root, FAMILIES);
  const byFamily = new Map<string, KernelEntry[]>();
  for (const k of all) byFamily.set(k.family, [...(byFamily.get(k.family) ?? []), k]);
  return { root, all, byFamily };
}

/** The number of runs of a suite (synchronous: a campaign plan needs it). */
export function suiteSize(o: Pick<SuiteOptions, 'config' | 'kernels' | 'targets' | 'every'>): number {
  const items = suiteItems(listKernels(ensureUnpackedSync(), FAMILIES), o);
  if (!items.length) throw new UserError(`no kernel matches '${o.kernels}' for --config ${o.config}`, '--kernels');
  return items.length;
}

/** Runs one item of a suite. */
export function runItem(root: string, byFamily: Map<string, KernelEntry[]>, it: SuiteItem, o: Pick<SuiteOptions, 'seed' | 'clusterCores'>): Promise<KernelResult> {
  const k = it.kernel;
  return runConformance(k, byFamily.get(k.family) ?? [], includeDirOf(root, k.family), it.config, it.target, { seed: o.seed, clusterCores: o.clusterCores });
}

export async function runSuite(o: SuiteOptions): Promise<SuiteResult> {
  const { root, all, byFamily } = await catalog();
  const items = suiteItems(all, o);
  const results: KernelResult[] = [];
  for (const it of items) {
    const r = await runItem(root, byFamily, it, o);
    results.push(r);
    o.onResult?.(r);
  }
  return { results, kernels: [...new Set(items.map((i) => i.kernel))] };
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** The table row of a result: kernel, config, target, cores, status, MAC/cycle, message. */
export function formatRow(r: KernelResult): string {
  const mpc = r.status === 'skip' || !r.macPerCycle ? '-' : r.macPerCycle.toFixed(2);
  const note = r.status === 'pass' ? '' : r.status === 'explained' ? `kernel bug ${r.explanation?.split(':')[0]}: ${r.message}` : r.message;
  return `${pad(`${r.family}/${r.kernel}`, 46)} ${pad(r.config, 8)} ${pad(r.target, 14)} ${pad(String(r.cores), 5)} ${pad(r.status === 'explained' ? 'expl' : r.status, 5)} ${pad(mpc, 9)} ${note}`;
}

export const TABLE_HEADER = `${pad('kernel', 46)} ${pad('config', 8)} ${pad('target', 14)} ${pad('cores', 5)} ${pad('ok', 5)} ${pad('MAC/cyc', 9)} note`;

/** The kind of a row's kernel as the summary groups it (`matmul_4x4`). */
export function kindOfRow(r: Pick<KernelResult, 'kernel'>): string {
  const p = parseName(r.kernel, r.kernel);
  return p ? `${p.kind}${p.tile ? `_${p.tile}` : ''}` : '?';
}

/**
 * The summary: totals, then per configuration, family, kind and target how many runs pass, are explained
 * by a known kernel bug (known.ts), fail or are skipped.
 */
export function formatSummary(results: KernelResult[]): string {
  const by = (rs: KernelResult[], s: string) => rs.filter((r) => r.status === s).length;
  const counts = (rs: KernelResult[]) => `${by(rs, 'pass')} pass, ${by(rs, 'explained')} explained, ${by(rs, 'fail')} fail, ${by(rs, 'skip')} skipped`;
  const lines = [`${results.length} runs: ${counts(results)} (MAC/cycle: per instruction on the golden model, per cycle on the RTL)`];
  const groups = new Map<string, KernelResult[]>();
  for (const r of results) {
    const key = `${r.config} ${r.family} ${kindOfRow(r)} ${r.target}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  lines.push(`  ${pad('config family kind target', 52)} ${pad('runs', 5)} pass  expl  fail  skip`);
  for (const [key, rs] of groups) {
    lines.push(`  ${pad(key, 52)} ${pad(String(rs.length), 5)} ${pad(String(by(rs, 'pass')), 5)} ${pad(String(by(rs, 'explained')), 5)} ${pad(String(by(rs, 'fail')), 5)} ${by(rs, 'skip')}`);
  }
  return lines.join('\n');
}

export async function writeJson(path: string, results: KernelResult[]): Promise<void> {
  await writeFile(path, `${JSON.stringify(results.map(({ elf: _elf, ...r }) => r), null, 2)}\n`);
}
