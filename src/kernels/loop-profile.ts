import { buildCoreSim } from '../cosim/build.ts';
import { runCore } from '../cosim/run.ts';
import { readElfFile } from '../elf/read.ts';
import { decodeWord, type Config } from '../isa/index.ts';
import { UserError } from '../util/errors.ts';

/**
 * How well the Mac&Load inner loops of a kernel run on the RTL: the retirement stream of a free-running
 * core (run after lockstep has proven the same ELF), cut into runs of consecutive Mac&Load retirements.
 * Inside a run every cycle between two retirements is a cycle of the inner loop (stalls, the hardware-loop
 * jump back); the first retirement of a run is not counted (its cycles belong to the code before it).
 */
export interface MacLoadLoopProfile {
  /** Runs of at least `minRun` consecutive Mac&Loads (the fills before a loop are 6 and shorter). */
  runs: number;
  /** Mac&Load retirements inside those runs after each run's first, and the cycles they took. */
  macLoads: number;
  cycles: number;
  /** Of those, dot products whose sum is kept (rd != x0): the extra reload of spec §4 has rd = x0. */
  dotProducts: number;
  /** Cycles of those runs in which no Mac&Load retired (stalls, loop jump-back bubbles). */
  bubbles: number;
  macLoadsPerCycle: number;
  dotProductsPerCycle: number;
}

/** Runs of fewer Mac&Loads than this are NN-RF fills or block tails, not inner loops. */
export const MIN_LOOP_RUN = 8;

export async function profileMacLoadLoops(config: Config, elfPath: string, minRun = MIN_LOOP_RUN): Promise<MacLoadLoopProfile> {
  const sim = await buildCoreSim(config);
  const elf = await readElfFile(elfPath);
  const kind = new Map<number, { macLoad: boolean; keeps: boolean }>();
  const classify = (insn: number) => {
    let k = kind.get(insn);
    if (!k) {
      const d = decodeWord(config, insn);
      const macLoad = d !== undefined && d.def.sem.endsWith('mac.load');
      k = { macLoad, keeps: macLoad && d!.operands.rd !== 0 };
      kind.set(insn, k);
    }
    return k;
  };
  const total = { runs: 0, macLoads: 0, cycles: 0, dotProducts: 0 };
  // The current run, counted apart until it is long enough to be a loop.
  let run = { length: 0, cycles: 0, dots: 0, lastCycle: 0 };
  const close = () => {
    if (run.length >= minRun) {
      total.runs++;
      total.macLoads += run.length - 1;
      total.cycles += run.cycles;
      total.dotProducts += run.dots;
    }
    run = { length: 0, cycles: 0, dots: 0, lastCycle: 0 };
  };
  const end = await runCore(sim.exe, elf, elfPath, {
    onRetire: (r) => {
      const k = classify(r.insn);
      if (!k.macLoad) return close();
      if (run.length > 0) {
        run.cycles += r.cycle - run.lastCycle;
        if (k.keeps) run.dots++;
      }
      run.length++;
      run.lastCycle = r.cycle;
    },
  });
  close();
  if (end.reason !== 'tohost' || end.value !== 1) throw new UserError(`kernel on the ${config} core ended with ${end.reason} (value ${end.value})`, elfPath);
  return {
    ...total,
    bubbles: total.cycles - total.macLoads,
    macLoadsPerCycle: total.cycles ? total.macLoads / total.cycles : 0,
    dotProductsPerCycle: total.cycles ? total.dotProducts / total.cycles : 0,
  };
}
