import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

/**
 * The self-checking revision-2 programs of test/iss/programs, assembled by `flexv asm` and run by
 * `flexv run --config flexv` exactly as a user would: each must end with tohost = 1 (exit 0).
 */
const dir = 'test/iss/programs';
const out = 'build/iss-programs';
const flexv = (...args: string[]) => execa('node', ['bin/flexv.js', ...args], { reject: false });

describe('revision-2 programs through the CLI', () => {
  mkdirSync(out, { recursive: true });
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.S')).sort()) {
    it(`${name}: flexv asm, then flexv run --config flexv passes`, async () => {
      const elf = join(out, name.replace(/\.S$/, '.elf'));
      const asm = await flexv('asm', '--config', 'flexv', join(dir, name), '-o', elf);
      expect(asm.exitCode, asm.stderr).toBe(0);
      const run = await flexv('run', '--config', 'flexv', elf);
      expect(run.exitCode, run.stdout + run.stderr).toBe(0);
      expect(run.stdout + run.stderr).toMatch(/PASS/);
    }, 60_000);
  }
});
