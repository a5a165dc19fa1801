import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flexvAt, outsideDir } from './helpers.ts';
import { ROOT, stagedPackage } from './stage.ts';

// A design in the user's own folder, importing the HDL by path, must get the same located errors as one
// inside examples/ (it used to fail with "Cannot require() ES Module ... in a cycle"), from the compiled
// CLI and from the sources alike.
let stage: string;
const scratch: string[] = [];
beforeAll(async () => {
  stage = await stagedPackage();
});
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

/** A design whose line 7 assigns 8 bits to a 4-bit output (or a correct 8-bit one). */
function design(hdl: string, outWidth: number): string {
  return [
    `import { module, UInt } from '${hdl}';`,
    '',
    "export default module('top', (m) => {",
    "  const a = m.input('a', UInt(8));",
    "  const b = m.input('b', UInt(8));",
    `  const y = m.output('y', UInt(${outWidth}));`,
    '  y.set(a.add(b));',
    '});',
    '',
  ].join('\n');
}

const WIDTH_ERROR = "top.ts:7:5: error: width mismatch: assigning UInt(8) to 'y' of UInt(4): use .trunc(4) to drop the top bits";

// Each mode with the way its users reach the HDL: the sources' TypeScript, or the package's compiled copy.
const modes = [
  { name: 'compiled CLI, HDL imported from src/', root: () => stage, hdl: () => join(stage, 'src/hdl/index.ts'), fromSource: false },
  { name: 'compiled CLI, HDL imported from dist/', root: () => stage, hdl: () => join(stage, 'dist/hdl/index.js'), fromSource: false },
  { name: 'source CLI, HDL imported from src/', root: () => ROOT, hdl: () => join(ROOT, 'src/hdl/index.ts'), fromSource: true },
];
// No package.json (a bare folder) and npm init's explicit CommonJS: tsx would load the design as CommonJS.
const folders: Array<{ name: string; packageJson?: object }> = [{ name: 'no package.json' }, { name: '"type": "commonjs"', packageJson: { name: 'mine', type: 'commonjs' } }];

describe('a design outside the repository', () => {
  for (const mode of modes) {
    for (const folder of folders) {
      it(`${mode.name}, ${folder.name}: the located width error, exit 1`, async () => {
        const dir = outsideDir('design');
        scratch.push(dir);
        if (folder.packageJson) writeFileSync(join(dir, 'package.json'), JSON.stringify(folder.packageJson));
        writeFileSync(join(dir, 'top.ts'), design(mode.hdl(), 4));
        const r = await flexvAt(mode.root(), ['emit', 'top.ts', '--out', 'rtl'], { cwd: dir, fromSource: mode.fromSource });
        expect(r.stderr.trim()).toBe(WIDTH_ERROR);
        expect(r.exitCode).toBe(1);
      });
    }
  }

  it('emits the same SystemVerilog from the compiled CLI and from the sources, with locations in top.ts', async () => {
    const outputs: string[] = [];
    for (const mode of modes) {
      const dir = outsideDir('design-ok');
      scratch.push(dir);
      writeFileSync(join(dir, 'top.ts'), design(mode.hdl(), 8));
      const r = await flexvAt(mode.root(), ['emit', 'top.ts', '--out', 'rtl'], { cwd: dir, fromSource: mode.fromSource });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe("rtl: 1 module(s), top 'flexv_top' (flexv_top.sv)");
      outputs.push(readFileSync(join(dir, 'rtl', 'flexv_top.sv'), 'utf8'));
    }
    expect(outputs[0]).toContain('assign y_o = a_i + b_i;  // top.ts:7');
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
  });

  it('generates the same flexv core, byte for byte, from the compiled CLI and from the sources', async () => {
    const dist = outsideDir('gen-dist');
    const src = outsideDir('gen-src');
    scratch.push(dist, src);
    const d = await flexvAt(stage, ['gen', '--target', 'core', '--config', 'flexv', '--out', dist]);
    const s = await flexvAt(ROOT, ['gen', '--target', 'core', '--config', 'flexv', '--out', src], { fromSource: true });
    expect([d.exitCode, d.stderr]).toEqual([0, '']);
    expect([s.exitCode, s.stderr]).toEqual([0, '']);
    expect(d.stdout.replace(dist, 'OUT')).toBe(s.stdout.replace(src, 'OUT'));
    const files = readdirSync(src).sort();
    expect(readdirSync(dist).sort()).toEqual(files);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(readFileSync(join(dist, f), 'utf8'), f).toBe(readFileSync(join(src, f), 'utf8'));
  });

  it('the examples emit identically from the compiled CLI (source maps keep the .ts lines)', async () => {
    const dist = await flexvAt(stage, ['emit', 'examples/hdl/fifo.ts', '--out', 'build/t-fifo', '--param', 'depth=8']);
    const src = await flexvAt(ROOT, ['emit', 'examples/hdl/fifo.ts', '--out', 'build/test-cli/src-fifo', '--param', 'depth=8'], { fromSource: true });
    expect(dist.exitCode).toBe(0);
    expect(src.exitCode).toBe(0);
    // One HDL copy: the example imports ../../src/blocks/fifo.ts, the compiled CLI runs dist/.
    expect(dist.loads.filter((f) => f.startsWith('src/'))).toEqual([]);
    const sv = readFileSync(join(stage, 'build/t-fifo/flexv_fifo.sv'), 'utf8');
    expect(sv).toContain('// Generator: fifo (src/blocks/fifo.ts)');
    expect(sv).toMatch(/ {2}\/\/ blocks\/fifo\.ts:\d+\n/);
    expect(sv).toBe(readFileSync(join(ROOT, 'build/test-cli/src-fifo/flexv_fifo.sv'), 'utf8'));
  });
});
