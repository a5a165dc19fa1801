/** Progress of a synthesis run, one event per Yosys pass. */
export interface ProgressEvent {
  label: string;
  step: string;
  pass: string;
  elapsedMs: number;
}

export type ProgressSink = (e: ProgressEvent) => void;

/**
 * Progress on a stream: on a TTY one line redrawn in place (spinner, elapsed time, current pass); in a
 * log or CI, one line per step change and otherwise at most one line every `intervalMs`.
 */
export function progressPrinter(stream: NodeJS.WriteStream, intervalMs = 10_000): { sink: ProgressSink; done: () => void } {
  const frames = ['|', '/', '-', '\\'];
  let frame = 0;
  let lastPrint = 0;
  let lastStep = '';
  let drawn = false;
  const tty = !!stream.isTTY;
  const sink: ProgressSink = (e) => {
    const secs = (e.elapsedMs / 1000).toFixed(1);
    const line = `synth ${e.label}: ${e.step}, ${e.pass} (${secs} s)`;
    if (tty) {
      stream.write(`\r\x1b[2K${frames[frame++ % frames.length]} ${line}`);
      drawn = true;
    } else if (e.step !== lastStep || e.elapsedMs - lastPrint >= intervalMs) {
      stream.write(`${line}\n`);
      lastPrint = e.elapsedMs;
      lastStep = e.step;
    }
  };
  const done = () => {
    if (tty && drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  return { sink, done };
}
