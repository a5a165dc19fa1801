import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const flexv = (args: string[]) => execa('node', [join(ROOT, 'bin', 'flexv.js'), ...args], { cwd: ROOT, reject: false });
const OUT = join(ROOT, 'build', 'test-sweep', 'cli');

/** Bad sweeps are refused before any point runs, with the flag named and no stack trace. */
describe('flexv sweep (command line)', () => {
  it('refuses bad lists, formats, sizes, kernels and an empty measurement', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--cores', '1,x'], /^error: --cores: 'x' is not a positive integer/m],
      [['--cores', '1', '--banking', '3'], /^error: --banking: 3 is not a power of two/m],
      [['--cores', '1', '--format', 'a3w2'], /^error: --format: expected aXwY/m],
      [['--cores', '64'], /^--cores: error: --cores must be an integer in 1\.\.31, got 64/m],
      [['--cores', '1', '--kernel', 'nosuch'], /^--kernel: error: unknown cluster kernel 'nosuch' \(available: conv3x3/m],
      [['--cores', '1', '--config', 'nosuch'], /^--config: error: unknown core configuration 'nosuch'/m],
      [['--cores', '1', '--no-area', '--no-run'], /^error: --no-area and --no-run together leave nothing to measure/m],
    ];
    for (const [args, message] of cases) {
      const r = await flexv(['sweep', ...args, '--out', OUT]);
      expect(r.exitCode, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  }, 60_000);
});
