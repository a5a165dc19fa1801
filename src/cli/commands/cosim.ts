import type { Command } from 'commander';
import { clusterOptionsFromFlags } from '../../cluster/cluster-params.ts';
import { coreConfig } from '../../core/configs.ts';
import { clusterCosim } from '../../cosim/cluster/cosim.ts';
import { formatClusterMismatch } from '../../cosim/cluster/lockstep.ts';
import { formatClusterRun } from '../../cosim/cluster/report.ts';
import { endDifference, formatMismatch, lockstep } from '../../cosim/lockstep.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTimeline } from '../../cosim/cluster/timeline.ts';
import { UserError } from '../../util/errors.ts';
import { programStatus } from './sim-status.ts';

interface CosimFlags {
  config: string;
  maxCycles: string;
  fst?: string;
  window: string;
  stallSeed?: string;
  target: string;
  cores?: string;
  banking?: string;
  timeline?: string;
}

/**
 * `flexv cosim --config baseline prog.elf`: the core and the golden model in lockstep, every field of every
 * retirement compared; `--target cluster --cores N`: every core of the cluster against the golden cluster.
 * Exit 0 when all agree and the program passes; 1 on a mismatch, a failing program, or when the two sides end
 * differently (one ended and the other did not, other reasons or values, different memories).
 */
export function registerCosim(program: Command): void {
  program
    .command('cosim')
    .description('run an ELF program on the generated core in lockstep with the golden model')
    .argument('<elf>', 'RV32 executable')
    .option('--config <config>', 'core configuration', 'baseline')
    .option('--max-cycles <n>', 'stop after this many cycles', '100000000')
    .option('--fst <file>', 'on a mismatch, write an FST waveform of the cycles around it')
    .option('--window <cycles>', 'cycles before and after the mismatch in the waveform', '200')
    .option('--stall-seed <n>', 'core: random bus grants and response latencies on both ports, from this seed')
    .option('--target <target>', 'core | cluster', 'core')
    .option('--cores <n>', 'cluster: number of cores (1..31)')
    .option('--banking <f>', 'cluster: TCDM banks per core, a power of two (default 2)')
    .option('--timeline <file>', 'cluster: write a Chrome/Perfetto trace (JSON) of per-core activity')
    .action(async (elfPath: string, opts: CosimFlags) => {
      const maxCycles = Number(opts.maxCycles);
      if (!Number.isInteger(maxCycles) || maxCycles <= 0) throw new UserError(`--max-cycles must be a positive integer, got '${opts.maxCycles}'`);
      const window = Number(opts.window);
      if (!Number.isInteger(window) || window < 0) throw new UserError(`--window must be a non-negative integer, got '${opts.window}'`);
      if (opts.target === 'cluster') return cosimCluster(elfPath, opts, maxCycles, window);
      if (opts.target !== 'core') throw new UserError(`unknown target '${opts.target}' (targets: core, cluster)`, '--target');
      for (const [flag, v] of [['--cores', opts.cores], ['--banking', opts.banking], ['--timeline', opts.timeline]] as const) {
        if (v !== undefined) throw new UserError(`${flag} applies to --target cluster`, flag);
      }
      const stallSeed = opts.stallSeed === undefined ? 0 : Number(opts.stallSeed);
      if (!Number.isInteger(stallSeed) || stallSeed < 0) throw new UserError(`--stall-seed must be a non-negative integer, got '${opts.stallSeed}'`);
      const r = await lockstep(opts.config, elfPath, { maxCycles, fst: opts.fst, fstWindow: window, stallSeed, memory: true });
      if (r.mismatch) {
        console.log(formatMismatch(opts.config, r.mismatch));
        console.log(`${r.compared} retirements compared, 1 mismatch`);
        process.exitCode = 1;
        return;
      }
      const end = r.end!;
      console.log(`${r.compared} retirements compared, 0 mismatches`);
      // Both sides must end, and end alike: a core that ends while the golden model runs on (or the other
      // way round) fails, and so does a difference of their memories at the end.
      const differs = endDifference(r);
      if (differs) {
        console.log(differs);
        process.exitCode = 1;
        return;
      }
      const st = programStatus(end.reason, end.value, end.instret);
      console.error(st.message);
      process.exitCode = st.exitCode === 0 ? 0 : 1;
    });
}

async function cosimCluster(elfPath: string, opts: CosimFlags, maxCycles: number, window: number): Promise<void> {
  if (opts.stallSeed !== undefined) throw new UserError('--stall-seed applies to --target core', '--stall-seed');
  const options = clusterOptionsFromFlags({ cores: opts.cores, banking: opts.banking, config: opts.config });
  const tmp = opts.timeline ? await mkdtemp(join(tmpdir(), 'flexv-timeline-')) : undefined;
  try {
    const activity = tmp ? join(tmp, 'activity.txt') : undefined;
    const r = await clusterCosim(options, elfPath, { maxCycles, fst: opts.fst, fstWindow: window, timeline: activity });
    if (r.sim.built) console.error(`built the ${r.sim.params.cores}-core ${r.sim.params.config} cluster model in ${r.sim.buildSeconds.toFixed(1)} s`);
    if (r.mismatch) {
      console.log(formatClusterMismatch(coreConfig(r.sim.params.config).isa, r.mismatch));
      if (r.fst) console.log(`waveform of the cycles around the mismatch: ${r.fst}`);
      console.log(`${r.summary.total} retirements compared, 1 mismatch`);
      process.exitCode = 1;
      return;
    }
    const s = r.summary;
    console.log(`${s.total} retirements compared, 0 mismatches (${s.barriers} barriers, ${s.dmaTransfers} DMA transfers)`);
    console.log(`checked: ${s.dmaChecked} DMA destinations at completion (${s.dmaBytesChecked} bytes), ${s.counterReads} cycle-counter reads`);
    console.log(formatClusterRun(r.end));
    if (activity && opts.timeline) {
      await writeTimeline(activity, r.sim.params.cores, opts.timeline);
      console.log(`timeline: ${opts.timeline} (open in ui.perfetto.dev or chrome://tracing)`);
    }
    const g = r.summary.goldEnd;
    if (g && (g.reason !== r.end.reason || g.value >>> 0 !== r.end.value >>> 0)) {
      console.log(`the golden model ended with ${g.reason} = ${g.value}, the cluster with ${r.end.reason} = ${r.end.value}`);
      process.exitCode = 1;
      return;
    }
    const st = programStatus(r.end.reason, r.end.value, r.end.instret.reduce((a, b) => a + b, 0));
    console.error(st.message);
    process.exitCode = st.exitCode === 0 ? 0 : 1;
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}
