import { join } from 'node:path';
import { emitCluster } from '../cluster/cluster.ts';
import { writeEmit } from '../hdl/index.ts';
import { CONFIG_OF_BUILD, type Build } from '../kernels/index.ts';
import { catalogEntry, makeClusterLayer, runClusterOnRtl, type RtlClusterRun } from '../kernels/cluster/index.ts';
import { lintVerilator } from '../sim/lint.ts';

/** The demo's cluster: the paper's 8 cores, banking factor 2. */
export const DEMO_CLUSTER_CORES = 8;
/** A mixed sub-byte 3x3 convolution small enough to run on 8 cores in lockstep in well under a minute. */
export const DEMO_CLUSTER_KERNEL = 'conv3x3-small';
const DEMO_FORMATS = { a: 4, w: 2, outBits: 4 } as const;

export interface ClusterDemoRow {
  build: Build;
  modules: number;
  svLines: number;
  lintClean: boolean;
  run: RtlClusterRun;
}

/**
 * The cluster half of the demo: emit the 8-core cluster of each of the baseline and flexv configurations
 * (lint it with Verilator -Wall), run the same convolution built for it on all cores in lockstep with the
 * golden cluster model, and check every output against the TypeScript reference.
 */
export async function demoClusterKernel(outDir: string, seed: number): Promise<ClusterDemoRow[]> {
  const entry = catalogEntry(DEMO_CLUSTER_KERNEL);
  const layer = makeClusterLayer({ ...entry.shape, ...DEMO_FORMATS }, { dma: entry.dma, maxCores: DEMO_CLUSTER_CORES }, seed);
  console.log(`\ncluster: ${DEMO_CLUSTER_CORES} cores; kernel ${DEMO_CLUSTER_KERNEL} (${entry.description}), ` +
    `${DEMO_FORMATS.a}-bit activations x ${DEMO_FORMATS.w}-bit weights, ${layer.macs} MACs, split across the cores, ` +
    'every retirement of every core in lockstep with the golden cluster model');
  const rows: ClusterDemoRow[] = [];
  for (const build of ['baseline', 'flexv'] as const) {
    const config = CONFIG_OF_BUILD[build];
    const dir = join(outDir, `cluster-${config}-${DEMO_CLUSTER_CORES}`);
    const { result } = emitCluster({ cores: DEMO_CLUSTER_CORES, config });
    await writeEmit(result, dir);
    const lint = await lintVerilator(dir, { top: result.top });
    const run = await runClusterOnRtl(layer, build, DEMO_CLUSTER_CORES, { lockstep: true });
    const row: ClusterDemoRow = {
      build, modules: result.files.length, svLines: result.files.reduce((s, f) => s + f.text.split('\n').length, 0), lintClean: lint.clean, run,
    };
    rows.push(row);
    console.log(formatRow(row, rows[0]!));
  }
  return rows;
}

function formatRow(r: ClusterDemoRow, first: ClusterDemoRow): string {
  const { run } = r;
  const speedup = r === first ? '' : `, ${(first.run.kernelCycles / run.kernelCycles).toFixed(2)}x the ${first.build} cluster`;
  return `  ${CONFIG_OF_BUILD[r.build].padEnd(8)} ${r.modules} modules, ${r.svLines} SV lines, lint ${r.lintClean ? 'clean' : 'NOT clean'}; ` +
    `kernel ${run.kernelCycles} cycles, ${run.macPerCycle.toFixed(2)} MAC/cycle, ${run.conflicts} bank conflicts, ` +
    `${run.compared} retirements compared, 0 mismatches; ${run.message}${speedup}`;
}

export function clusterDemoPassed(rows: ClusterDemoRow[]): boolean {
  return rows.length > 0 && rows.every((r) => r.lintClean && r.run.ok);
}
