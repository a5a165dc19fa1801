import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emitCluster } from '../../cluster/cluster.ts';
import { clusterTag, type ClusterOptions, type ClusterParams } from '../../cluster/cluster-params.ts';
import type { EmitResult } from '../../hdl/index.ts';
import { buildOnce, cachedVerilatorBuild, type BuildFile } from '../../sim/cached-build.ts';
import { PROJECT_ROOT } from '../../sim/verilator.ts';
import { UserError } from '../../util/errors.ts';
import { requireTool } from '../../util/tools.ts';
import { IMAGE_HEADER, MAKE_VARS, VERILATOR_FLAGS } from '../build.ts';
import { clusterPortsHeader, clusterVerilatorConfig, tcdmPreloadCode } from './ports.ts';
import { CLUSTER_SIM_TOP, clusterSimTop } from './sim-top.ts';

export const CLUSTER_HARNESS = join(PROJECT_ROOT, 'sim', 'cluster', 'harness.cpp');

export interface ClusterBuildOptions {
  /** Build with FST tracing (for `--fst` windows). */
  trace?: boolean;
  /** Verilator `--threads N` (1: single-threaded model). */
  threads?: number;
}

export interface ClusterSim {
  exe: string;
  params: ClusterParams;
  trace: boolean;
  /** True when this call built the model (false: taken from the cache). */
  built: boolean;
  buildSeconds: number;
  /** Elaborate + emit of the cluster, seconds (0 when the model came from this process's memo). */
  emitSeconds: number;
}

const memo = new Map<string, Promise<ClusterSim>>();

/**
 * The Verilator executable of a cluster with sim/cluster/harness.cpp around the cluster sim top
 * (src/cosim/cluster/sim-top.ts), built once and cached by content (src/sim/cached-build.ts:
 * the emitted SV, the sim top, the harness and the image loader, the generated port header and Verilator
 * config, the flags and the Verilator version; build/verilator/cluster-*). The core's flags
 * (src/cosim/build.ts), plus `--threads`.
 */
export function buildClusterSim(options: ClusterOptions, opts: ClusterBuildOptions = {}): Promise<ClusterSim> {
  return buildOnce(memo, JSON.stringify([options, opts.trace ?? false, opts.threads ?? 1]), () => build(options, opts));
}

async function build(options: ClusterOptions, opts: ClusterBuildOptions): Promise<ClusterSim> {
  const trace = opts.trace ?? false;
  const threads = opts.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new UserError(`threads must be an integer in 1..64, got ${threads}`, '--threads');
  await requireTool('verilator'); // before the emit, which takes seconds for large clusters
  const t0 = performance.now();
  const { params, result: design } = emitCluster(options);
  const emitSeconds = (performance.now() - t0) / 1000;
  const name = `cluster-${clusterTag(params)}${trace ? '-fst' : ''}${threads > 1 ? `-t${threads}` : ''}`;
  const b = await cachedVerilatorBuild({
    name,
    what: `the ${name} cluster`,
    // the model's top is the sim top: the cluster's inputs registered, one evaluation per cycle
    top: CLUSTER_SIM_TOP,
    prefix: 'Vcluster',
    rtl: [...design.files.map((f) => ({ name: f.name, text: f.text })), clusterSimTop(design, params.cores)],
    support: await clusterHarnessFiles(design, design.ports, params),
    inputs: CLUSTER_HARNESS_INPUTS,
    flags: [...VERILATOR_FLAGS, ...(trace ? ['--trace-fst'] : []), ...(threads > 1 ? ['--threads', String(threads)] : [])],
    makeVars: MAKE_VARS,
    info: { params, trace, threads, emitSeconds },
  });
  return { exe: b.exe, params, trace, built: b.built, buildSeconds: b.buildSeconds, emitSeconds };
}

/** The Verilator inputs among `clusterHarnessFiles` (the rest are included by the harness). */
export const CLUSTER_HARNESS_INPUTS = ['public.vlt', 'harness.cpp'];

/**
 * The harness side of a cluster model: sim/cluster/harness.cpp, the image loader, the port header for the
 * sim top's `ports` with the TCDM preload, and the Verilator configuration. Shared with the mutant schema
 * (src/mutate/cluster/build.ts), whose sim top lacks the select port.
 */
export async function clusterHarnessFiles(design: EmitResult, ports: EmitResult['ports'], params: ClusterParams): Promise<BuildFile[]> {
  return [
    { name: 'harness.cpp', text: await readFile(CLUSTER_HARNESS, 'utf8') },
    { name: 'image.h', text: await readFile(IMAGE_HEADER, 'utf8') },
    { name: 'cluster_ports.h', text: clusterPortsHeader(ports, params.cores) + tcdmPreloadCode(design, params) },
    { name: 'public.vlt', text: clusterVerilatorConfig(design) },
  ];
}
