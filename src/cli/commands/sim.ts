import type { Command } from 'commander';
import { buildCoreSim } from '../../cosim/build.ts';
import { runCore } from '../../cosim/run.ts';
import { readElfFile } from '../../elf/read.ts';
import { UserError } from '../../util/errors.ts';
import { programStatus } from './sim-status.ts';

/** `flexv sim --config baseline prog.elf`: runs a program free on the generated core under Verilator. */
export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('run an ELF program on the generated core (Verilator): cycles, instructions, CPI, exit status')
    .argument('<elf>', 'RV32 executable')
    .option('--config <config>', 'core configuration', 'baseline')
    .option('--max-cycles <n>', 'stop after this many cycles', '100000000')
    .action(async (elfPath: string, opts: { config: string; maxCycles: string }) => {
      const maxCycles = Number(opts.maxCycles);
      if (!Number.isInteger(maxCycles) || maxCycles <= 0) throw new UserError(`--max-cycles must be a positive integer, got '${opts.maxCycles}'`);
      const sim = await buildCoreSim(opts.config);
      if (sim.built) console.error(`built the ${opts.config} core model in ${sim.buildSeconds.toFixed(1)} s`);
      const elf = await readElfFile(elfPath);
      const end = await runCore(sim.exe, elf, elfPath, { maxCycles });
      const cpi = end.instret ? end.cycles / end.instret : 0;
      console.log(`cycles ${end.cycles}, instructions ${end.instret}, CPI ${cpi.toFixed(3)}, ${(end.cycles / Math.max(end.seconds, 1e-9) / 1e6).toFixed(2)} M cycles/s`);
      const st = programStatus(end.reason, end.value, end.instret);
      console.error(st.message);
      process.exitCode = st.exitCode;
    });
}
