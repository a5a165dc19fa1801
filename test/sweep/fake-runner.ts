import type { AreaResult, PerfResult, PointRunner, Stage, SweepPoint } from '../../src/sweep/types.ts';
import { UserError } from '../../src/util/errors.ts';

/**
 * A point runner with a made-up but plausible model: cycles fall with cores (a serial part plus
 * conflicts that grow with cores per bank), area grows linearly. `failAt` makes one point fail at a stage.
 */
export function fakeRunner(opts: { failAt?: { cores: number; banking?: number; stage: Stage; message: string } } = {}): PointRunner & { calls: string[] } {
  const calls: string[] = [];
  const fail = (p: SweepPoint, stage: Stage) => {
    const f = opts.failAt;
    if (f && f.cores === p.cores && (f.banking === undefined || f.banking === p.banking) && f.stage === stage) throw new UserError(f.message);
  };
  return {
    calls,
    async perf(p, stage): Promise<PerfResult> {
      calls.push(`perf ${p.cores}/${p.banking}`);
      for (const s of ['kernel', 'build', 'run', 'check'] as const) {
        stage(s);
        fail(p, s);
      }
      const macs = 73728;
      const conflicts = Math.round((p.cores * 40) / p.banking);
      const cycles = Math.round(2000 + 90000 / p.cores + conflicts);
      return { cycles, totalCycles: cycles + 1500, macs, conflicts, retirementsCompared: 5000 + 100 * p.cores };
    },
    async area(p, stage): Promise<AreaResult> {
      calls.push(`area ${p.cores}/${p.banking}`);
      stage('synth');
      fail(p, 'synth');
      const nand2 = 15000 + 127000 * p.cores + 1500 * p.cores * p.banking;
      return { nand2, nand2WithMacros: nand2 + 2097152 * 0.8, macroBits: 2097152, flops: 1000 + 2950 * p.cores };
    },
  };
}
