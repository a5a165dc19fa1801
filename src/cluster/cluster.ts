import { Bool, Bundle, cat, elaborate, emit, module, UInt, Vec, type Design, type EmitResult, type Signal } from '../hdl/index.ts';
import { core } from '../core/core.ts';
import { CORE_CONFIGS } from '../core/configs.ts';
import { fabric } from './fabric.ts';
import { COUNTER_WIDTH } from './interconnect.ts';
import { OBI_ADDR_WIDTH, OBI_DATA_WIDTH, OBI_REQUEST_FIELDS, OBI_RESPONSE_FIELDS } from './obi.ts';
import { defaultClusterParams, resolveClusterParams, type ClusterOptions, type ClusterParams } from './cluster-params.ts';

/** The instruction port of one core as the cluster exposes it (the harness serves it: an ideal memory). */
const instrRequest = () => Bundle({ req: Bool(), addr: UInt(OBI_ADDR_WIDTH) });
const instrResponse = () => Bundle({ gnt: Bool(), rvalid: Bool(), rdata: UInt(OBI_DATA_WIDTH) });

/** The retirement fields of the core (its `rvfi_*` ports), discovered from the core so they live in one place. */
function rvfiFields(ports: Record<string, Signal>): Record<string, ReturnType<typeof UInt> | ReturnType<typeof Bool>> {
  const fields: Record<string, ReturnType<typeof UInt> | ReturnType<typeof Bool>> = {};
  for (const [name, s] of Object.entries(ports)) {
    if (name.startsWith('rvfi_')) fields[name.slice('rvfi_'.length)] = s.width === 1 ? Bool() : UInt(s.width);
  }
  return fields;
}

/**
 * The Flex-V cluster: `cores` generated cores (hart id = index, one boot address) around `cluster_fabric`
 * (TCDM behind the logarithmic interconnect, peripherals, event unit, DMA, the shared L2 port).
 *
 * Instruction memory: each core's instruction port is a top-level port (`instr_<i>_*`, `instr_rsp_<i>_*`),
 * served outside the cluster; the Verilator harness serves it as an ideal memory (always granted, data the
 * next cycle) from the program image, the model of an instruction cache that always hits.
 *
 * Also exposed: every core's retirement port (`rvfi_<i>_*`, the core's fields), `stalled_o` (per core: a data
 * request refused this cycle), `sleeping_o` (per core: asleep in the event unit), the TCDM counters
 * (`tcdm_{requests,conflicts,stalls}_<i>_o`, the last index is the DMA), `eoc_o`/`eoc_status_o`.
 */
export const cluster = module(
  'flexv_cluster',
  (m, p: ClusterParams) => {
    m.require(Number.isInteger(p.cores) && p.cores >= 1, `cores must be a positive integer, got ${p.cores}`);
    m.require(CORE_CONFIGS[p.config] !== undefined, `unknown core configuration '${p.config}'`);
    const n = p.cores;
    const bootAddr = m.input('boot_addr', UInt(OBI_ADDR_WIDTH));
    const instr = m.output('instr', Vec(n, instrRequest()));
    const instrRsp = m.input('instr_rsp', Vec(n, instrResponse()));

    const fab = m.instance(fabric, { cores: n, banks: p.banks, bankWords: p.bankWords, dmaFifoDepth: p.dmaFifoDepth, l2Outstanding: p.l2Outstanding }, 'fabric');
    const cores = m.instances(core, { config: p.config }, n, 'core') as Record<string, Signal>[];
    const rvfi = m.output('rvfi', Vec(n, Bundle(rvfiFields(cores[0]!))));
    const stalled: Signal[] = [];

    cores.forEach((c, i) => {
      c.boot_addr!.set(bootAddr);
      c.hart_id!.set(i);
      instr[i]!.req.set(c.instr_req!);
      instr[i]!.addr.set(c.instr_addr!);
      c.instr_gnt!.set(instrRsp[i]!.gnt);
      c.instr_rvalid!.set(instrRsp[i]!.rvalid);
      c.instr_rdata!.set(instrRsp[i]!.rdata);
      for (const f of OBI_REQUEST_FIELDS) fab.core[i]![f].set(c[`data_${f}`]!);
      for (const f of OBI_RESPONSE_FIELDS) c[`data_${f}`]!.set(fab.core_rsp[i]![f]);
      const r = rvfi[i] as unknown as Record<string, Signal>;
      for (const name of Object.keys(r)) r[name]!.set(c[`rvfi_${name}`]!);
      stalled.push(m.named(`stalled_${i}`, c.data_req!.and(fab.core_rsp[i]!.gnt.not())));
    });

    const l2 = m.output('l2', Bundle({ req: Bool(), addr: UInt(OBI_ADDR_WIDTH), we: Bool(), be: UInt(4), wdata: UInt(OBI_DATA_WIDTH) }));
    const l2Rsp = m.input('l2_rsp', instrResponse());
    for (const f of OBI_REQUEST_FIELDS) l2[f].set(fab.l2[f]);
    for (const f of OBI_RESPONSE_FIELDS) fab.l2_rsp[f].set(l2Rsp[f]);

    m.output('eoc', Bool()).set(fab.eoc);
    m.output('eoc_status', UInt(OBI_DATA_WIDTH)).set(fab.eoc_status);
    m.output('sleeping', UInt(n)).set(fab.sleeping);
    m.output('stalled', UInt(n)).set(n === 1 ? stalled[0]! : cat(...[...stalled].reverse()));
    m.output('dma_busy', Bool()).set(fab.dma_busy);
    const fabPorts: Record<string, Signal[]> = { requests: fab.tcdm_requests, conflicts: fab.tcdm_conflicts, stalls: fab.tcdm_stalls };
    for (const counter of ['requests', 'conflicts', 'stalls']) {
      const out = m.output(`tcdm_${counter}`, Vec(n + 1, UInt(COUNTER_WIDTH)));
      for (let i = 0; i <= n; i++) out[i]!.set(fabPorts[counter]![i]!);
    }
  },
  { defaults: defaultClusterParams() },
);

/** Elaborates a cluster from user options (checked with errors naming the flag). */
export function clusterDesign(options: ClusterOptions): { params: ClusterParams; design: Design } {
  const params = resolveClusterParams(options);
  return { params, design: elaborate(cluster, params) };
}

/** The cluster's SystemVerilog (one file per module), filelist and top ports. */
export function emitCluster(options: ClusterOptions, prefix?: string): { params: ClusterParams; result: EmitResult } {
  const { params, design } = clusterDesign(options);
  return { params, result: emit(design, { prefix }) };
}
