import { elaborate, emit, writeEmit, type EmitResult, type ModuleGenerator } from '../../hdl/index.ts';
import { lintVerilator, type LintResult } from '../lint.ts';
import { simulate } from '../index.ts';
import { Random } from '../random.ts';
import { paramText, type BlockCheck, type Row } from './check.ts';

export interface RunOptions {
  cycles: number;
  seed: number;
  /** Also write the emitted SV here and lint it with Verilator -Wall. */
  outDir?: string;
  /** Reset cycles before the stimulus (clocked blocks). */
  resetCycles?: number;
  /** Dump an FST waveform of the run to this path. */
  fst?: string;
}

export interface CheckResult {
  block: string;
  params: string;
  seed: number;
  cycles: number;
  /** Output values (port x cycle) that differ from the reference. */
  mismatches: number;
  /** The first few mismatches and property violations, ready to print. */
  failures: string[];
  /** Coverage goals of the check that the stimulus never reached (the run proves less than it should). */
  uncovered: string[];
  /** Lines of emitted SystemVerilog, all files. */
  svLines: number;
  lint?: LintResult;
  /** True when the Verilator model had to be built (false: from the cache). */
  built: boolean;
  seconds: number;
}

const SHOWN = 5;

/**
 * Emits a block, (optionally) lints it, simulates `cycles` random cycles on Verilator in one batch and
 * compares every compared output in every cycle against the reference model, then checks the block's
 * properties on the RTL outputs.
 */
export async function runCheck(check: BlockCheck, opts: RunOptions): Promise<CheckResult> {
  const t0 = performance.now();
  const emitted: EmitResult = emit(elaborate(check.generator as ModuleGenerator, check.params));
  let lint: LintResult | undefined;
  if (opts.outDir) {
    await writeEmit(emitted, opts.outDir);
    lint = await lintVerilator(opts.outDir, { top: emitted.top });
  }
  const rng = new Random(opts.seed);
  const stimulus = check.stimulus(rng, opts.cycles);
  // Random initial state (from the run's seed): only what the reset defines may matter.
  const sim = await simulate(emitted, { fst: opts.fst, randomInit: opts.seed });
  let got: Record<string, bigint[]>;
  try {
    if (emitted.reset) sim.reset(opts.resetCycles ?? 2);
    got = await sim.batch(stimulus, check.outputs);
    await sim.close();
  } catch (e) {
    sim.kill();
    throw e;
  }

  const ref = check.reference();
  const failures: string[] = [];
  const inputRows: Row[] = [];
  const outputRows: Row[] = [];
  let mismatches = 0;
  const names = Object.keys(stimulus);
  for (let c = 0; c < opts.cycles; c++) {
    const inputs: Row = {};
    for (const n of names) inputs[n] = BigInt(stimulus[n][c]);
    const expected = ref.cycle(inputs);
    const actual: Row = {};
    for (const port of check.outputs) {
      actual[port] = got[port][c];
      if (check.dontCare?.(port, expected)) continue;
      if (actual[port] !== expected[port]) {
        mismatches++;
        if (failures.length < SHOWN) {
          const ins = names.map((n) => `${n}=${hex(inputs[n])}`).join(' ');
          failures.push(`cycle ${c}: ${port} = ${hex(actual[port])}, expected ${hex(expected[port])} (inputs ${ins})`);
        }
      }
    }
    inputRows.push(inputs);
    outputRows.push(actual);
  }
  const violations = check.properties?.(inputRows, outputRows) ?? [];
  const uncovered = check.coverage?.(inputRows, outputRows) ?? [];
  failures.push(...violations.slice(0, SHOWN));
  return {
    block: check.block,
    params: paramText(check.params),
    seed: opts.seed,
    cycles: opts.cycles,
    mismatches: mismatches + violations.length,
    failures,
    uncovered,
    svLines: emitted.files.reduce((n, f) => n + f.text.split('\n').length - 1, 0),
    lint,
    built: sim.model.built,
    seconds: (performance.now() - t0) / 1000,
  };
}

function hex(v: bigint): string {
  return v < 10n ? v.toString() : `0x${v.toString(16)}`;
}

/** `fifo width=8 depth=5 seed 1: 2 mismatches\n  cycle 12: ...`: for test failures and the demo. */
export function describeFailures(r: CheckResult): string {
  const lines = [`${r.block} ${r.params} seed ${r.seed}: ${r.mismatches} mismatch(es)`, ...r.failures.map((f) => `  ${f}`)];
  if (r.uncovered.length > 0) lines.push(`  never reached: ${r.uncovered.join(', ')}`);
  return lines.join('\n');
}
