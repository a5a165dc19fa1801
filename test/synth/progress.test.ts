import { describe, expect, it } from 'vitest';
import { progressPrinter } from '../../src/synth/progress.ts';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream, writes };
}

const event = (step: string, pass: string, elapsedMs: number) => ({ label: 'fifo', step, pass, elapsedMs });

describe('progress output', () => {
  it('prints a line per step and then at most one per interval when not on a TTY', () => {
    const { stream, writes } = fakeStream(false);
    const { sink } = progressPrinter(stream, 10_000);
    sink(event('synth-coarse', 'proc', 100));
    sink(event('synth-coarse', 'opt', 2_000)); // same step, within the interval: silent
    sink(event('synth-coarse', 'abc', 10_200)); // interval elapsed
    sink(event('synth-fine', 'techmap', 10_300)); // new step
    expect(writes).toEqual([
      'synth fifo: synth-coarse, proc (0.1 s)\n',
      'synth fifo: synth-coarse, abc (10.2 s)\n',
      'synth fifo: synth-fine, techmap (10.3 s)\n',
    ]);
  });

  it('redraws one spinner line in place on a TTY and clears it when done', () => {
    const { stream, writes } = fakeStream(true);
    const { sink, done } = progressPrinter(stream);
    sink(event('synth-fine', 'abc', 1_500));
    sink(event('synth-fine', 'abc', 1_750));
    done();
    expect(writes).toHaveLength(3);
    expect(writes[0]).toBe('\r\x1b[2K| synth fifo: synth-fine, abc (1.5 s)');
    expect(writes[1]).toMatch(/^\r\x1b\[2K\/ /);
    expect(writes[2]).toBe('\r\x1b[2K');
  });
});
