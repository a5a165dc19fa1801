import { join } from 'node:path';
import { clusterTag, type ClusterParams } from '../../cluster/cluster-params.ts';
import { MAKE_VARS, VERILATOR_FLAGS } from '../../cosim/build.ts';
import { CLUSTER_HARNESS_INPUTS, clusterHarnessFiles, type ClusterSim } from '../../cosim/cluster/build.ts';
import { CLUSTER_SIM_TOP, clusterSimTop } from '../../cosim/cluster/sim-top.ts';
import type { EmitResult } from '../../hdl/index.ts';
import { MUTANT_SELECT } from '../../hdl/mutation.ts';
import { cachedVerilatorBuild } from '../../sim/cached-build.ts';
import { MUTANT_DPI_SOURCE, writeMutantScript } from '../build.ts';

const SELECT_PORT = `${MUTANT_SELECT}_i`;

export interface ClusterSchemaSim {
  /** the harness of the schema model; run it as a mutant with `clusterMutantSim` */
  exe: string;
  params: ClusterParams;
  built: boolean;
  buildSeconds: number;
}

/**
 * The cluster sim top (src/cosim/cluster/sim-top.ts, the same registered inputs and instance path, so the
 * harness's TCDM preload and DMA probes find the same names) with the cluster's mutant select driven from
 * the DPI function at time 0 instead of a port.
 */
export function clusterSchemaSimTop(design: EmitResult, cores: number, selectWidth: number): { name: string; text: string; ports: EmitResult['ports'] } {
  const sel = design.ports.find((p) => p.name === SELECT_PORT);
  if (!sel || sel.width !== selectWidth) throw new Error(`cluster mutant schema: the cluster top has no ${selectWidth}-bit input ${SELECT_PORT}`);
  const ports = design.ports.filter((p) => p.name !== SELECT_PORT);
  const top = clusterSimTop({ ...design, ports }, cores);
  const range = selectWidth > 1 ? `[${selectWidth - 1}:0] ` : '';
  const decl = ['  import "DPI-C" function int flexv_mutant_select();', `  logic ${range}mutant_sel;`, `  initial mutant_sel = ${selectWidth}'(flexv_mutant_select());`];
  const headerEnd = top.text.indexOf('\n);\n');
  const instEnd = top.text.lastIndexOf('\n  );\nendmodule');
  if (headerEnd < 0 || instEnd < headerEnd) throw new Error('cluster mutant schema: unexpected layout of the cluster sim top (src/cosim/registered-top.ts)');
  const text = top.text.slice(0, headerEnd + 4) + decl.join('\n') + '\n' + top.text.slice(headerEnd + 4, instEnd) + `,\n    .${SELECT_PORT}(mutant_sel)` + top.text.slice(instEnd);
  return { name: top.name, text, ports };
}

/**
 * One Verilator build of a cluster schema with sim/cluster/harness.cpp, cached by content like the plain
 * cluster's (src/sim/cached-build.ts, build/verilator/cluster-mut-*): the same flags and harness files as
 * src/cosim/cluster/build.ts, plus the DPI source of the select.
 */
export async function buildClusterSchemaSim(params: ClusterParams, design: EmitResult, selectWidth: number, log: (line: string) => void = () => {}): Promise<ClusterSchemaSim> {
  const top = clusterSchemaSimTop(design, params.cores, selectWidth);
  const b = await cachedVerilatorBuild({
    name: `cluster-mut-${clusterTag(params)}`,
    what: `the mutant schema of the ${clusterTag(params)} cluster`,
    top: CLUSTER_SIM_TOP,
    prefix: 'Vcluster',
    rtl: [...design.files.map((f) => ({ name: f.name, text: f.text })), { name: top.name, text: top.text }],
    support: [...(await clusterHarnessFiles(design, top.ports, params)), MUTANT_DPI_SOURCE],
    inputs: [...CLUSTER_HARNESS_INPUTS, MUTANT_DPI_SOURCE.name],
    flags: VERILATOR_FLAGS,
    makeVars: MAKE_VARS,
    info: { params, selectWidth },
    onBuild: () => log(`building the mutant schema of the ${clusterTag(params)} cluster (one Verilator build for the campaign)...`),
  });
  return { exe: b.exe, params, built: b.built, buildSeconds: b.buildSeconds };
}

/**
 * The schema model as mutant `id`, in the shape cluster lockstep runs (`clusterCosim`'s `sim` option): its
 * executable is a two-line shell script in `dir` that sets $FLEXV_MUTANT and runs the harness.
 */
export async function clusterMutantSim(sim: ClusterSchemaSim, id: number, dir: string): Promise<ClusterSim> {
  const exe = await writeMutantScript(sim.exe, id, join(dir, `cluster-mutant-${id}.sh`));
  return { exe, params: sim.params, trace: false, built: false, buildSeconds: 0, emitSeconds: 0 };
}
