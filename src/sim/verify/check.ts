import type { BatchInputs } from '../simulator.ts';
import type { Random } from '../random.ts';

/** One cycle of values by port name (inputs given to a model, outputs it answers with). */
export type Row = Record<string, bigint>;

/**
 * A cycle-accurate TypeScript reference of a block, written from the block's documented behaviour (not
 * from its RTL). `cycle` gets the inputs of one cycle and returns the outputs the block must show in that
 * cycle (before the clock edge), then advances its state by one clock edge.
 */
export interface ReferenceModel {
  cycle(inputs: Row): Row;
}

/**
 * How to verify one block with one parameter set: which generator, random stimulus, the reference model,
 * which outputs to compare (and when an output is don't-care), and properties checked on the RTL
 * outputs themselves (e.g. the arbiter's fairness).
 */
export interface BlockCheck {
  /** Block name, also the directory name under rtl-out/demo. */
  block: string;
  /** `n=8`, for tables and messages. */
  params: Record<string, number | boolean>;
  /** Generator from src/blocks (typed loosely here: each check passes its own parameters). */
  generator: unknown;
  /** One column per input, `cycles` long. */
  stimulus(rng: Random, cycles: number): BatchInputs;
  reference(): ReferenceModel;
  /** Outputs compared every cycle. */
  outputs: string[];
  /** When an output's value is unspecified in a cycle (e.g. FIFO read data while empty). */
  dontCare?(port: string, expected: Row): boolean;
  /** Properties of the RTL's own outputs over the whole run; returns one message per violation. */
  properties?(inputs: Row[], outputs: Row[]): string[];
  /**
   * Situations the stimulus must have reached for the run to mean something (FIFO full, counter wrap);
   * returns the ones never reached.
   */
  coverage?(inputs: Row[], outputs: Row[]): string[];
}

/** Coverage helper: the names of the goals whose predicate held in no cycle. */
export function unreached(inputs: Row[], outputs: Row[], goals: Record<string, (i: Row, o: Row) => boolean>): string[] {
  return Object.entries(goals)
    .filter(([, hit]) => !inputs.some((i, c) => hit(i, outputs[c])))
    .map(([name]) => name);
}

export function paramText(params: Record<string, number | boolean>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** Builds a column of `cycles` values from a per-cycle function (the stimulus helpers' common shape). */
export function column<T extends number | bigint>(cycles: number, f: (c: number) => T): T[] {
  return Array.from({ length: cycles }, (_, c) => f(c));
}
