import type { Command } from 'commander';
import { formatMismatch, lockstep } from '../../cosim/lockstep.ts';
import { UserError } from '../../util/errors.ts';
import { programStatus } from './sim-status.ts';

/**
 * `flexv cosim --config baseline prog.elf`: the core and the golden model in lockstep, every field of every
 * retirement compared. Exit 0 when all agree and the program passes; 1 on a mismatch or a failing program.
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
    .option('--stall-seed <n>', 'random bus grants and response latencies on both ports, from this seed')
    .action(async (elfPath: string, opts: { config: string; maxCycles: string; fst?: string; window: string; stallSeed?: string }) => {
      const maxCycles = Number(opts.maxCycles);
      if (!Number.isInteger(maxCycles) || maxCycles <= 0) throw new UserError(`--max-cycles must be a positive integer, got '${opts.maxCycles}'`);
      const window = Number(opts.window);
      if (!Number.isInteger(window) || window < 0) throw new UserError(`--window must be a non-negative integer, got '${opts.window}'`);
      const stallSeed = opts.stallSeed === undefined ? 0 : Number(opts.stallSeed);
      if (!Number.isInteger(stallSeed) || stallSeed < 0) throw new UserError(`--stall-seed must be a non-negative integer, got '${opts.stallSeed}'`);
      const r = await lockstep(opts.config, elfPath, { maxCycles, fst: opts.fst, fstWindow: window, stallSeed });
      if (r.mismatch) {
        console.log(formatMismatch(opts.config, r.mismatch));
        console.log(`${r.compared} retirements compared, 1 mismatch`);
        process.exitCode = 1;
        return;
      }
      const end = r.end!;
      console.log(`${r.compared} retirements compared, 0 mismatches`);
      if (r.goldEnd && (r.goldEnd.reason !== end.reason || r.goldEnd.value !== end.value)) {
        console.log(`the golden model ended with ${r.goldEnd.reason} = ${r.goldEnd.value}, the core with ${end.reason} = ${end.value}`);
        process.exitCode = 1;
        return;
      }
      const st = programStatus(end.reason, end.value, end.instret);
      console.error(st.message);
      process.exitCode = st.exitCode === 0 ? 0 : 1;
    });
}
