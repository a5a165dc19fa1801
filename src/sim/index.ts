/**
 * The Verilator module harness: build a model of any emitted module and drive it from TypeScript.
 *
 *   const sim = await simulate(emit(elaborate(counter, { width: 8 })));
 *   sim.reset(2); sim.poke('en_i', 1); sim.step(10);
 *   expect(await sim.peek('count_o')).toBe(10n);
 *   await sim.close();
 *
 * See docs/sim.md for the timing model, the protocol, caching and waveforms.
 */
import { buildModel, type BuildOptions } from './build.ts';
import type { SimDesign } from './design.ts';
import { Simulator, type StartOptions } from './simulator.ts';

export { buildModel, CXX_OPTS, DEFAULT_CXX_OPT, type BuildOptions, type CxxOpt, type VerilatedModel } from './build.ts';
export { checkDesign, looksActiveLow, type SimDesign } from './design.ts';
export { designFromVerilog, type FromVerilogOptions } from './from-verilog.ts';
export { lintVerilator, type LintOptions, type LintResult } from './lint.ts';
export type { PortValue, SimPort } from './ports.ts';
export { Random } from './random.ts';
export { Simulator, SimulatorError, type BatchInputs, type BatchOutputs, type StartOptions } from './simulator.ts';

/** Builds (or reuses from the cache) the model of `design` and starts a simulator on it. */
export async function simulate(design: SimDesign, opts: BuildOptions & StartOptions = {}): Promise<Simulator> {
  const model = await buildModel(design, { ...opts, trace: opts.trace ?? opts.fst !== undefined });
  return Simulator.start(model, { fst: opts.fst, randomInit: opts.randomInit });
}
