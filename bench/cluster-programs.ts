// `npm run bench -- cluster-programs [cores=1,2,4,8,16] [config=baseline]`: the parallel test programs of
// test/cluster/programs (barrier, matmul, DMA double buffering, one-bank contention) in multi-core lockstep
// on every cluster size, including the sizes the test suite leaves out for time (16 cores). A mismatch or a
// failing program is reported and the run goes on; the figures say which points passed.
import { clusterCosim } from '../src/cosim/cluster/cosim.ts';
import { formatClusterMismatch } from '../src/cosim/cluster/lockstep.ts';
import type { Config } from '../src/isa/index.ts';
import { buildClusterProgram } from '../test/cluster/programs.ts';

const PROGRAMS = ['smoke.S', 'matmul.c', 'dma-double-buffer.c', 'contention.c'] as const;

function arg(args: string[], name: string, fallback: string): string {
  const a = args.find((x) => x.startsWith(`${name}=`));
  return a ? a.slice(name.length + 1) : fallback;
}

export default async function (args: string[]) {
  const sizes = arg(args, 'cores', '1,2,4,8,16').split(',').map(Number);
  const config = arg(args, 'config', 'baseline') as Config;
  const rows: Record<string, unknown>[] = [];
  for (const cores of sizes) {
    for (const program of PROGRAMS) {
      const elf = await buildClusterProgram(program);
      const t0 = performance.now();
      try {
        const r = await clusterCosim({ cores, config }, elf, { maxCycles: 2_000_000 });
        const passed = !r.mismatch && r.end.reason === 'eoc' && r.end.value === 0;
        const row = {
          cores, program, config, passed, cycles: r.end.cycles, retirementsCompared: r.summary.total,
          conflicts: r.end.tcdmConflicts.reduce((s, v) => s + v, 0), seconds: (performance.now() - t0) / 1000,
          ...(r.mismatch ? { mismatch: formatClusterMismatch(config, r.mismatch) } : {}),
        };
        rows.push(row);
        console.log(`${String(cores).padStart(2)} cores  ${program.padEnd(20)} ${passed ? 'pass' : 'FAIL'}  ${r.end.cycles} cycles, ` +
          `${r.summary.total} retirements compared, ${row.conflicts} conflicts, ${row.seconds.toFixed(1)} s`);
        if (r.mismatch) console.log(row.mismatch);
      } catch (e) {
        rows.push({ cores, program, config, passed: false, error: (e as Error).message });
        console.log(`${String(cores).padStart(2)} cores  ${program.padEnd(20)} FAIL  ${(e as Error).message}`);
      }
    }
  }
  return { date: new Date().toISOString(), config, allPassed: rows.every((r) => r.passed), rows };
}
