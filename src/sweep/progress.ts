import { pointName } from './grid.ts';
import type { SweepEvent } from './types.ts';

const STAGE_TEXT = { kernel: 'preparing the kernel', build: 'generating + Verilator build', run: 'running on the RTL cluster', check: 'checking the output', synth: 'synthesizing (Yosys)' };

/** One line per step of each point on `stream` (stderr), so a log shows where a long sweep is. */
export function sweepProgress(stream: { write(s: string): unknown }): (e: SweepEvent) => void {
  return (e) => {
    const at = `[${e.index + 1}/${e.total}]`;
    if (e.kind === 'point-start') stream.write(`${at} ${pointName(e.point)}\n`);
    else if (e.kind === 'stage') stream.write(`${at}   ${STAGE_TEXT[e.stage]} (${(e.elapsedMs / 1000).toFixed(1)} s)\n`);
    else {
      const r = e.result;
      const status = r.failures.length ? `FAILED at ${r.failures.map((f) => f.stage).join(', ')}: ${r.failures[0]!.message.split('\n')[0]}` : 'ok';
      const mpc = r.macPerCycle !== undefined ? `, ${r.macPerCycle.toFixed(2)} MAC/cycle` : '';
      stream.write(`${at}   ${status}${mpc} (${r.seconds.toFixed(1)} s)\n`);
    }
  };
}
