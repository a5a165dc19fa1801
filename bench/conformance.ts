// `npm run bench -- conformance [--targets golden,cluster-golden] [--config all] [--kernels GLOB] [--every N] [--jobs 2]`:
// the PULP-NN-mixed conformance suite as a campaign (src/conformance/parallel.ts), resumed where an earlier
// run of the same selection stopped (finished shards under build/conformance/runs are kept). Figures: per
// configuration, family, kind and target the runs that pass, are explained by a known kernel bug
// (src/conformance/known.ts), fail or are skipped; every run that does not pass; the shards' wall and CPU seconds.
import { mergeCampaign } from '../src/campaign/merge.ts';
import { runSuiteParallel } from '../src/conformance/parallel.ts';
import type { Target } from '../src/conformance/run.ts';
import { kindOfRow } from '../src/conformance/suite.ts';

function flag(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

export default async function run(args: string[]) {
  const targets = flag(args, '--targets', 'golden,cluster-golden').split(',') as Target[];
  const config = flag(args, '--config', 'all');
  const kernels = args.includes('--kernels') ? flag(args, '--kernels', '') : undefined;
  const every = Number(flag(args, '--every', '1'));
  const jobs = Number(flag(args, '--jobs', '2'));
  const t0 = Date.now();
  const { results, dir } = await runSuiteParallel({ config, kernels, targets, every, clusterCores: 8, seed: 1, jobs });
  const seconds = (Date.now() - t0) / 1000;
  const merged = await mergeCampaign(dir, {});
  const groups: Record<string, { runs: number; pass: number; explained: number; fail: number; skip: number }> = {};
  for (const r of results) {
    const key = `${r.config} ${r.family} ${kindOfRow(r)} ${r.target}`;
    const g = (groups[key] ??= { runs: 0, pass: 0, explained: 0, fail: 0, skip: 0 });
    g.runs++;
    g[r.status === 'explained' ? 'explained' : r.status]++;
  }
  const count = (s: string) => results.filter((r) => r.status === s).length;
  return {
    selection: { config, kernels: kernels ?? '*', targets, every },
    command: `npx flexv conformance --config ${config}${kernels ? ` --kernels '${kernels}'` : ''} --jobs ${jobs} --every ${every} (targets ${targets.join(',')})`,
    runs: results.length, pass: count('pass'), explained: count('explained'), fail: count('fail'), skip: count('skip'),
    /** Wall seconds of this invocation (a resumed campaign: only the shards it ran). */
    seconds,
    /** The campaign's wall seconds from its first shard's start to its last shard's end, and the shards' CPU seconds. */
    campaignWallSeconds: merged.wallSeconds,
    campaignCpuSeconds: merged.cpuSeconds,
    groups,
    notPassing: results.filter((r) => r.status === 'fail' || r.status === 'explained').map((r) => ({
      kernel: `${r.family}/${r.kernel}`, config: r.config, target: r.target, status: r.status,
      why: r.status === 'explained' ? r.explanation?.split(':')[0] : r.message.slice(0, 300),
    })),
  };
}
