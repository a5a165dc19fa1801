import type { EmitResult } from '../../hdl/index.ts';
import { registeredInputsTop } from '../registered-top.ts';

export const CLUSTER_SIM_TOP = 'flexv_cluster_sim_top';
/** Instance name of the cluster inside the sim top (the TCDM preload's path goes through it). */
export const CLUSTER_SIM_INSTANCE = 'u_cluster';

/**
 * The simulation top around a generated cluster (Verilator only, never part of the emitted RTL): the same
 * ports, with every input other than clock and reset registered: each core's instruction-port grant and
 * response, the L2 port's grant and response, the boot address. sim/cluster/harness.cpp knows all of them a
 * cycle ahead (instruction fetches are granted at once and answered the next cycle, L2 answers at least a
 * cycle after its grant), so it sets them before the clock edge and Verilator evaluates the cores' logic
 * once per cycle instead of twice (the second pass re-ran the combinational cone of these inputs, which in
 * a core reaches the decoder, the stall chain and the interconnect).
 */
export function clusterSimTop(design: EmitResult, cores: number): { name: string; text: string } {
  const wanted = ['boot_addr_i', 'l2_rsp_gnt_i', 'l2_rsp_rvalid_i', 'l2_rsp_rdata_i'];
  for (let i = 0; i < cores; i++) wanted.push(`instr_rsp_${i}_gnt_i`, `instr_rsp_${i}_rvalid_i`, `instr_rsp_${i}_rdata_i`);
  const missing = wanted.filter((n) => !design.ports.some((p) => p.name === n && p.dir === 'input'));
  if (missing.length) throw new Error(`cluster sim top: the cluster has no input ${missing.join(', ')}`);
  return registeredInputsTop(design, {
    module: CLUSTER_SIM_TOP, instance: CLUSTER_SIM_INSTANCE, what: 'instruction-port, L2-port and boot-address inputs', source: 'src/cosim/cluster/sim-top.ts',
  });
}
