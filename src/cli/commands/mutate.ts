import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { mutateOptions, type MutateFlags } from '../../mutate/options.ts';
import { formatReport, reportJson } from '../../mutate/report.ts';
import { runMutate } from '../../mutate/campaign.ts';

/**
 * `flexv mutate --target core --config flexv --count 200 --json m.json`: mutants of the generated RTL (from
 * the HDL IR, behind one select input: one Verilator build), each run in lockstep against the golden model.
 * Exit 0 always when the campaign ran (the score is the result); see docs/mutate.md.
 */
export function registerMutate(program: Command): void {
  program
    .command('mutate')
    .description('mutation campaign over the generated RTL: kill rate of lockstep regression (docs/mutate.md)')
    .option('--target <target>', 'core | cluster', 'core')
    .option('--config <config>', "core configuration (with --target cluster: of the cluster's cores)", 'flexv')
    .option('--cores <n>', 'cluster: number of cores')
    .option('--count <n>', 'mutants to draw', '100')
    .option('--seed <n>', 'selection seed (same seed, same mutants)', '1')
    .option('--operators <list>', 'comma-separated mutation operators (default: all)')
    .option('--regression <level>', 'quick (random + directed programs) | full (core: adds kernels; cluster: more and longer random multi-core programs)', 'quick')
    .option('--json <file>', 'write the report as JSON (killed, survived, equivalent, kill_rate, wall_seconds, mutants)')
    .action(async (opts: MutateFlags & { json?: string }) => {
      const options = mutateOptions(opts);
      const report = await runMutate({ ...options, log: (l) => console.error(l) });
      console.log(formatReport(report));
      if (opts.json) await writeFile(opts.json, reportJson(report));
    });
}
