// `npm run bench -- cosim [seconds-per-config] [length] [repeat]`: a lockstep campaign of random programs on every
// core configuration (src/randprog, table-driven, all instruction classes; each program runs its random body
// `repeat` times from the registers the last run left), half of them with random bus stalls.
// Prints retirements compared per second and in total, and the coverage the programs reached, measured from
// the retirement stream: instruction ids retired and pipeline hazard classes hit (src/randprog/exec-coverage.ts).
import { CORE_CONFIGS } from '../src/core/configs.ts';
import { buildCoreSim } from '../src/cosim/build.ts';
import { endDifference, formatMismatch, lockstep } from '../src/cosim/lockstep.ts';
import { buildRandomProgram } from '../src/cosim/programs.ts';
import { coreConfig } from '../src/core/configs.ts';
import { EXEC_HAZARDS, ExecCoverage, formatExecCoverage, hazardApplies, type ExecCoverageReport } from '../src/randprog/exec-coverage.ts';

interface Campaign {
  config: string;
  programs: number;
  length: number;
  repeat: number;
  retirementsCompared: number;
  cycles: number;
  /** Wall seconds of the campaign (generation, assembly, harness and golden model). */
  seconds: number;
  retirementsPerSecond: number;
  /** Seconds inside lockstep() alone (harness and golden model, incl. the model's block compilation). */
  lockstepSeconds: number;
  lockstepRetirementsPerSecond: number;
  /** CPU seconds of the whole campaign: this process (generation, assembly, golden model) + the harnesses. */
  cpuSeconds: number;
  /** The load-independent figure: retirements compared per CPU second. */
  retirementsPerCpuSecond: number;
  mismatches: number;
  firstMismatch?: string;
  idsRetired: number;
  idsInTable: number;
  hazardClassesHit: number;
  hazardClasses: number;
  coverage: ExecCoverageReport;
}

export default async function run(args: string[]): Promise<{ campaigns: Campaign[]; totalRetirementsCompared: number }> {
  const budget = Number(args[0] ?? 120);
  const length = Number(args[1] ?? 300);
  const repeat = Number(args[2] ?? 10);
  const campaigns: Campaign[] = [];
  for (const config of Object.keys(CORE_CONFIGS)) {
    await buildCoreSim(config); // the Verilator build stays out of the campaign's time
    const isa = coreConfig(config).isa;
    const cov = new ExecCoverage(isa);
    const dir = `build/bench-cosim/${config}`;
    let compared = 0, cycles = 0, programs = 0, mismatches = 0, inLockstep = 0, harnessCpu = 0;
    const cpu0 = process.cpuUsage();
    let firstMismatch: string | undefined;
    const t0 = performance.now();
    for (let seed = 1; (performance.now() - t0) / 1000 < budget; seed++) {
      const elf = await buildRandomProgram(dir, config, seed, length, repeat);
      cov.startProgram();
      const t1 = performance.now();
      const r = await lockstep(config, elf, { maxCycles: 10_000_000, stallSeed: seed % 2 ? 0 : seed, observe: (g) => cov.observe(g) });
      inLockstep += (performance.now() - t1) / 1000;
      harnessCpu += r.end?.cpuSeconds ?? 0;
      programs++;
      compared += r.compared;
      const bad = r.mismatch ? formatMismatch(config, r.mismatch) : endDifference(r) ?? (r.end?.reason !== 'tohost' || r.end.value !== 1 ? `ended with ${r.end?.reason} = ${r.end?.value}` : undefined);
      if (bad) {
        mismatches++;
        firstMismatch ??= `seed ${seed} (length ${length}): ${bad}`;
        console.log(`${config} seed ${seed}: ${bad.split('\n')[0]}`);
      } else cycles += r.end!.cycles;
    }
    const seconds = (performance.now() - t0) / 1000;
    const own = process.cpuUsage(cpu0);
    const cpuSeconds = (own.user + own.system) / 1e6 + harnessCpu;
    const report = cov.report();
    const applicable = EXEC_HAZARDS.filter((h) => hazardApplies(isa, h)).length;
    const c: Campaign = {
      config, programs, length, repeat, retirementsCompared: compared, cycles, seconds, retirementsPerSecond: compared / seconds,
      lockstepSeconds: inLockstep, lockstepRetirementsPerSecond: compared / inLockstep,
      cpuSeconds, retirementsPerCpuSecond: compared / cpuSeconds, mismatches,
      ...(firstMismatch ? { firstMismatch } : {}),
      idsRetired: Object.keys(report.executed).length,
      idsInTable: Object.keys(report.executed).length + report.notExecuted.length,
      hazardClassesHit: applicable - report.hazardsMissed.length,
      hazardClasses: applicable,
      coverage: report,
    };
    campaigns.push(c);
    console.log(
      `${config.padEnd(9)} ${programs} programs, ${compared} retirements compared in ${seconds.toFixed(1)} s ` +
        `(${(c.retirementsPerSecond / 1e3).toFixed(1)} k/s end to end, ` +
        `${(c.lockstepRetirementsPerSecond / 1e3).toFixed(1)} k/s inside lockstep; ` +
        `${(c.retirementsPerCpuSecond / 1e3).toFixed(1)} k per CPU second), ${mismatches} mismatching programs`,
    );
    console.log(formatExecCoverage(report));
  }
  const total = campaigns.reduce((a, c) => a + c.retirementsCompared, 0);
  console.log(`total: ${total} retirements compared, ${campaigns.reduce((a, c) => a + c.mismatches, 0)} mismatching programs`);
  return { campaigns, totalRetirementsCompared: total };
}
