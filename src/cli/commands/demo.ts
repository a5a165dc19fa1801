import type { Command } from 'commander';
import { join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../sim/verilator.ts';
import { DEMO_CHECKS, describeFailures, runCheck, type CheckResult } from '../../sim/verify/index.ts';
import { UserError } from '../../util/errors.ts';
import { coreDemoPassed, demoCoreKernels } from '../../demo/core-kernels.ts';
import { clusterDemoPassed, demoClusterKernel } from '../../demo/cluster-kernel.ts';
import { demoDeployNetwork, deployDemoPassed } from '../../demo/deploy-network.ts';

interface DemoOptions {
  out: string;
  cycles: string;
  seed: string;
  fst?: boolean;
}

/**
 * `flexv demo`: the README's main job. Emits every library block, lints it with Verilator -Wall and simulates
 * it against its TypeScript reference model; then generates each core configuration and runs a mixed-precision
 * kernel on it in lockstep with the golden model, bit-exact against the TypeScript reference; then the 8-core
 * baseline and Flex-V clusters run a mixed-precision convolution on all cores in lockstep.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('generate and lint the blocks, cores and 8-core clusters, simulate the blocks against their models and a kernel on each core and cluster in lockstep; print the results')
    .option('--out <dir>', 'where the SystemVerilog goes', join(PROJECT_ROOT, 'rtl-out', 'demo'))
    .option('--cycles <n>', 'random cycles simulated per block', '10000')
    .option('--seed <n>', 'stimulus seed', '1')
    .option('--fst', 'also write an FST waveform of each run next to its SystemVerilog')
    .action(async (opts: DemoOptions) => {
      const cycles = positiveInt(opts.cycles, '--cycles');
      const seed = positiveInt(opts.seed, '--seed');
      const t0 = performance.now();
      const results = await inPairs(DEMO_CHECKS, (check) => {
        const outDir = resolve(opts.out, check.block);
        return runCheck(check, { cycles, seed, outDir, fst: opts.fst ? join(outDir, `${check.block}.fst`) : undefined });
      });
      printTable(results);
      const failed = results.filter((r) => !passed(r));
      for (const r of failed) {
        console.log('');
        if (r.lint && !r.lint.clean) console.log(`${r.block}: verilator -Wall lint:\n${r.lint.messages.join('\n')}`);
        if (r.mismatches > 0 || r.uncovered.length > 0) console.log(describeFailures(r));
      }
      const rel = relative(process.cwd(), resolve(opts.out));
      const where = rel === '' ? '.' : rel.startsWith('..') ? resolve(opts.out) : rel;
      console.log(`\nSystemVerilog in ${where}/<block>/; ${results.length - failed.length}/${results.length} blocks passed`);
      const cores = await demoCoreKernels(resolve(opts.out), seed);
      const cluster = await demoClusterKernel(resolve(opts.out), seed);
      const network = await demoDeployNetwork(8);
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      const ok = failed.length === 0 && coreDemoPassed(cores) && clusterDemoPassed(cluster) && deployDemoPassed(network);
      console.log(`\ncores in ${where}/core-<config>/, clusters in ${where}/cluster-<config>-8/; demo ${ok ? 'passed' : 'FAILED'} in ${seconds} s`);
      if (!ok) process.exitCode = 1;
    });
}

function passed(r: CheckResult): boolean {
  return r.mismatches === 0 && r.uncovered.length === 0 && (r.lint?.clean ?? true);
}

function printTable(results: CheckResult[]): void {
  const rows = [
    ['block', 'params', 'SV lines', 'lint -Wall', 'cycles', 'mismatches', 'time', ''],
    ...results.map((r) => [
      r.block,
      r.params,
      String(r.svLines),
      r.lint?.clean ? 'clean' : `${r.lint?.messages.length ?? '?'} msg`,
      String(r.cycles),
      String(r.mismatches),
      `${r.seconds.toFixed(1)} s${r.built ? ' (built)' : ''}`,
      passed(r) ? 'ok' : 'FAIL',
    ]),
  ];
  const widths = rows[0].map((_, k) => Math.max(...rows.map((row) => row[k].length)));
  for (const row of rows) console.log(row.map((cell, k) => cell.padEnd(widths[k])).join('  ').trimEnd());
}

/** Runs two at a time (the Verilator builds are the slow part and this machine has two cores), in order. */
async function inPairs<T, R>(items: T[], f: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i]);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new UserError(`${flag} must be a positive integer, got '${text}'`);
  return n;
}
