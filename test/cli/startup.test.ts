import { appendFileSync, cpSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flexvAt, outsideDir } from './helpers.ts';
import { ROOT, stagedPackage } from './stage.ts';

// The compiled CLI (dist/, as `npm ci` / `npm pack` build it) against the TypeScript sources: same
// answers, a fraction of the modules, and never stale code.
let stage: string;
const scratch: string[] = [];
beforeAll(async () => {
  stage = await stagedPackage();
});
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

const fromDist = (loads: string[]) => loads.filter((f) => f.startsWith('dist/'));
const fromSrc = (loads: string[]) => loads.filter((f) => f.startsWith('src/'));
const usesTsx = (loads: string[]) => loads.some((f) => f.includes('/node_modules/tsx/'));

describe('compiled CLI', () => {
  it('answers --help from the manifest: the sources\' exact text, loading only the CLI shell and no tsx', async () => {
    const dist = await flexvAt(stage, ['--help']);
    const src = await flexvAt(ROOT, ['--help'], { fromSource: true });
    expect(dist.exitCode).toBe(0);
    expect(dist.stdout).toContain('run [options] <elf>');
    expect(dist.stdout).toBe(src.stdout);
    // The shell is one bundled module (registry and commander inside it: scripts/bundle.js) and errors.js.
    expect(fromDist(dist.loads).sort()).toEqual(['dist/cli/main.js', 'dist/util/errors.js']);
    expect(fromSrc(dist.loads)).toEqual([]);
    expect(usesTsx(dist.loads)).toBe(false);
    // The source run really was the source run.
    expect(fromSrc(src.loads)).toContain('src/cli/main.ts');
    expect(fromDist(src.loads)).toEqual([]);
  });

  it('gives the same help of one command, the same "unknown command" error and exit codes', async () => {
    for (const args of [['help', 'run'], ['run', '--help'], ['emit', '--help'], ['nosuch'], ['run'], []]) {
      const dist = await flexvAt(stage, args);
      const src = await flexvAt(ROOT, args, { fromSource: true });
      expect({ args, out: dist.stdout, err: dist.stderr, code: dist.exitCode }).toEqual({ args, out: src.stdout, err: src.stderr, code: src.exitCode });
    }
    const unknown = await flexvAt(stage, ['emt']);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain("error: unknown command 'emt'");
    expect(unknown.stderr).toContain('(Did you mean emit?)');
  });

  it('flexv run loads the golden model and nothing of the HDL, simulator, synthesis or co-simulation', async () => {
    const dir = outsideDir('run');
    scratch.push(dir);
    cpSync(new URL('./fixtures/loop-1000.S', import.meta.url), join(dir, 'loop.S'));
    const asm = await flexvAt(stage, ['asm', 'loop.S', '-o', 'loop.elf'], { cwd: dir });
    expect(asm.stderr).toBe('');
    expect(asm.exitCode).toBe(0);
    const run = await flexvAt(stage, ['run', 'loop.elf'], { cwd: dir });
    expect(run.stderr.trim()).toBe('PASS (1007 instructions)');
    expect(run.exitCode).toBe(0);
    // The command is one bundled module (scripts/bundle.js): the golden model and the ISA table are inside
    // it, nothing of the HDL, simulator or synthesis, and the CLI shell's modules stay shared.
    expect(fromDist(run.loads).sort()).toEqual(['dist/cli/commands/run.js', 'dist/cli/main.js', 'dist/util/errors.js']);
    const bundle = readFileSync(join(stage, 'dist', 'cli', 'commands', 'run.js'), 'utf8');
    expect(bundle).toContain('\n// iss/hart.js\n');
    expect(bundle).not.toMatch(/^\/\/ (hdl|sim|synth|cosim|sweep|kernels|randprog|blocks)\//m);
    expect(usesTsx(run.loads)).toBe(false);
    const src = await flexvAt(ROOT, ['run', 'loop.elf'], { cwd: dir, fromSource: true });
    expect(src.stderr).toBe(run.stderr);
  });
});

describe('stale or missing dist/', () => {
  // A private copy of the staged package (node_modules stays a link) to edit.
  async function copyOfStage(): Promise<string> {
    const dir = outsideDir('stale');
    scratch.push(dir);
    cpSync(stage, dir, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    return dir;
  }
  const runsSources = (loads: string[]) => fromSrc(loads).includes('src/cli/main.ts') && fromDist(loads).length === 0 && usesTsx(loads);

  it('runs the sources through tsx when a source file was edited since the build', async () => {
    const copy = await copyOfStage();
    expect(fromDist((await flexvAt(copy, ['--help'])).loads)).toContain('dist/cli/main.js');
    const file = join(copy, 'src', 'iss', 'run.ts');
    appendFileSync(file, '// edited\n');
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    const r = await flexvAt(copy, ['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('run [options] <elf>');
    expect(runsSources(r.loads)).toBe(true);
  });

  it('keeps dist/ for a source touched or checked out again with the content it was built from', async () => {
    const copy = await copyOfStage();
    const later = new Date(Date.now() + 60_000);
    // As `git checkout`/`git stash pop` leave an unchanged file: newer, same bytes.
    writeFileSync(join(copy, 'src', 'iss', 'run.ts'), readFileSync(join(copy, 'src', 'iss', 'run.ts')));
    utimesSync(join(copy, 'src', 'iss', 'run.ts'), later, later);
    utimesSync(join(copy, 'tsconfig.json'), later, later);
    const r = await flexvAt(copy, ['--help']);
    expect(r.exitCode).toBe(0);
    expect(fromDist(r.loads)).toContain('dist/cli/main.js');
    expect(usesTsx(r.loads)).toBe(false);
  });

  it('runs the sources when a source file was renamed since the build (same file count)', async () => {
    const copy = await copyOfStage();
    renameSync(join(copy, 'src', 'util', 'errors.ts'), join(copy, 'src', 'util', 'errors-renamed.ts'));
    utimesSync(join(copy, 'src', 'util', 'errors-renamed.ts'), new Date(0), new Date(0));
    expect(runsSources((await flexvAt(copy, ['--help'])).loads)).toBe(true);
  });

  it('runs the sources when a source file was added, or dist/ was never built', async () => {
    const added = await copyOfStage();
    writeFileSync(join(added, 'src', 'util', 'new-helper.ts'), 'export const x = 1;\n');
    // Its mtime may not be newer than the stamp's newest (same second): the file count catches it.
    utimesSync(join(added, 'src', 'util', 'new-helper.ts'), new Date(0), new Date(0));
    expect(runsSources((await flexvAt(added, ['--help'])).loads)).toBe(true);

    const unbuilt = await copyOfStage();
    rmSync(join(unbuilt, 'dist'), { recursive: true });
    const r = await flexvAt(unbuilt, ['--help']);
    expect(r.exitCode).toBe(0);
    expect(runsSources(r.loads)).toBe(true);
  });

  it('FLEXV_FROM_SOURCE=1 runs the sources even with a fresh dist/', async () => {
    expect(runsSources((await flexvAt(stage, ['--help'], { fromSource: true })).loads)).toBe(true);
  });
});
