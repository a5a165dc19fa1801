// `npm run bench -- conformance [--targets golden,cluster-golden] [--config all] [--kernels GLOB] [--every N]
//   [--jobs 2] [--partial] [--merge]`: the PULP-NN-mixed conformance suite as a campaign
// (src/conformance/parallel.ts), resumed where an earlier run of the same selection stopped (finished shards
// under build/conformance/runs are kept). `--partial` runs nothing: it reads the finished shards of the
// selection's campaign as they are (a campaign still running or stopped), and the figures say how many of
// the planned runs they hold. `--merge` keeps the other selections already in bench/results/conformance.json
// (one entry per selection: the docs' table has a row per command). Figures per selection: per
// configuration, family, kind and target the runs that pass, are explained by a known kernel bug
// (src/conformance/known.ts), fail or are skipped; every run that does not pass; the wall and CPU seconds.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeCampaign } from '../src/campaign/merge.ts';
import { configsOf } from '../src/conformance/suite.ts';
import { planSuiteCampaign, readSuiteRows, runSuiteParallel } from '../src/conformance/parallel.ts';
import { selectionKey, suiteCommand, type ConformanceFigures, type SelectionFigures } from '../src/conformance/figures.ts';
import type { KernelResult, Target } from '../src/conformance/run.ts';
import { kindOfRow } from '../src/conformance/suite.ts';
import { TARGETS } from '../src/campaign/kinds/conformance.ts';
import { UserError } from '../src/util/errors.ts';

function flag(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results', 'conformance.json');

async function storedSelections(): Promise<SelectionFigures[]> {
  if (!existsSync(RESULTS)) return [];
  const old = JSON.parse(await readFile(RESULTS, 'utf8')) as { figures?: Partial<ConformanceFigures> };
  return old.figures?.selections ?? [];
}

export default async function run(args: string[]): Promise<ConformanceFigures> {
  const targets = flag(args, '--targets', 'golden,cluster-golden').split(',').map((t) => t.trim()) as Target[];
  for (const t of targets) if (!TARGETS.includes(t)) throw new UserError(`unknown target '${t}' (${TARGETS.join(', ')})`, '--targets');
  const config = configsOf(flag(args, '--config', 'all')).join(',');
  const kernels = args.includes('--kernels') ? flag(args, '--kernels', '') : undefined;
  const every = Number(flag(args, '--every', '1'));
  const jobs = Number(flag(args, '--jobs', '2'));
  const partial = args.includes('--partial');
  const selection = { config, kernels: kernels ?? '*', targets, every };
  const o = { config, kernels, targets, every, clusterCores: 8, seed: 1 };
  const t0 = Date.now();
  let results: KernelResult[], dir: string, shardsDone: number, shards: number;
  if (partial) {
    const c = await planSuiteCampaign(o);
    ({ dir, shards } = c);
    ({ results, shardsDone } = await readSuiteRows(dir, shards));
  } else {
    ({ results, dir } = await runSuiteParallel({ ...o, jobs }));
    shards = shardsDone = (await planSuiteCampaign(o)).shards;
  }
  const planned = (await planSuiteCampaign(o)).items;
  const seconds = (Date.now() - t0) / 1000;
  const merged = await mergeCampaign(dir, {});
  const groups: SelectionFigures['groups'] = {};
  for (const r of results) {
    const key = `${r.config} ${r.family} ${kindOfRow(r)} ${r.target}`;
    const g = (groups[key] ??= { runs: 0, pass: 0, explained: 0, fail: 0, skip: 0 });
    g.runs++;
    g[r.status === 'explained' ? 'explained' : r.status]++;
  }
  const count = (s: string) => results.filter((r) => r.status === s).length;
  const entry: SelectionFigures = {
    key: selectionKey(selection),
    selection,
    command: suiteCommand(selection, jobs),
    planned, runs: results.length, shards, shardsDone,
    pass: count('pass'), explained: count('explained'), fail: count('fail'), skip: count('skip'),
    seconds,
    campaignWallSeconds: merged.wallSeconds,
    campaignCpuSeconds: merged.cpuSeconds,
    groups,
    notPassing: results.filter((r) => r.status === 'fail' || r.status === 'explained').map((r) => ({
      kernel: `${r.family}/${r.kernel}`, config: r.config, target: r.target, status: r.status,
      why: r.status === 'explained' ? (r.explanation?.split(':')[0] ?? '') : r.message.slice(0, 300),
    })),
  };
  const kept = args.includes('--merge') ? (await storedSelections()).filter((s) => s.key !== entry.key) : [];
  const selections = [...kept, entry].sort((a, b) => a.key.localeCompare(b.key));
  console.log(`${entry.command}: ${entry.runs} of ${entry.planned} runs (${shardsDone}/${shards} shards): ${entry.pass} pass, ${entry.explained} explained, ${entry.fail} fail, ${entry.skip} skipped`);
  return { selections };
}
