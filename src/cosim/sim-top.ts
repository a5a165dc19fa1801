import type { EmitResult } from '../hdl/index.ts';
import { registeredInputsTop } from './registered-top.ts';

/** The memory-side inputs the harness drives a cycle ahead (sim/core/harness.cpp); the sim top checks they exist. */
const MEMORY_INPUTS = ['instr_gnt_i', 'instr_rvalid_i', 'instr_rdata_i', 'data_gnt_i', 'data_rvalid_i', 'data_rdata_i'];
export const SIM_TOP = 'flexv_sim_top';

/**
 * Retirement fields an extension adds (src/core/pipeline/record-fields.ts) that the harnesses read for
 * every core (sim/core/harness.cpp, sim/cluster/harness.cpp): a core without the extension has no such
 * port, and the simulation tops give the harness a constant 0 instead.
 */
export const OPTIONAL_RECORD_FIELDS: ReadonlyArray<{ field: string; width: number }> = [
  { field: 'nn_count', width: 1 }, { field: 'nn_index', width: 3 }, { field: 'nn_data', width: 32 },
];

/**
 * The simulation top around a generated core (Verilator only, never part of the emitted RTL): the same
 * ports, but every input other than clock and reset goes through a register: the grant and response inputs
 * of both memory ports, and the constant boot address and hart id (Verilator re-evaluates the combinational
 * cone of every top input on each evaluation, and mhartid reaches the forwarding network). The harness knows
 * the next cycle's grants and responses before the clock edge (responses come at least a cycle after their
 * grant), so it sets them together with the edge, and one full evaluation per cycle suffices: with the
 * inputs on the core's ports directly, Verilator re-evaluates their whole combinational cone (stall chain,
 * load-data forwarding) in a second evaluation every cycle.
 */
export function simTop(design: EmitResult): { name: string; text: string } {
  const missing = MEMORY_INPUTS.filter((n) => !design.ports.some((p) => p.name === n && p.dir === 'input'));
  if (missing.length) throw new Error(`sim top: the core has no input ${missing.join(', ')}`);
  const tieOff = OPTIONAL_RECORD_FIELDS.map((f) => ({ name: `rvfi_${f.field}_o`, width: f.width })).filter((f) => !design.ports.some((p) => p.name === f.name));
  return registeredInputsTop(design, { module: SIM_TOP, instance: 'u_core', what: 'memory-port inputs', source: 'src/cosim/sim-top.ts', tieOff });
}
