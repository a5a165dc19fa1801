import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outsideDir } from '../cli/helpers.ts';
import { ROOT, stagedPackage, VERSION } from '../cli/stage.ts';

// flexv as a library: `npm pack`, installed into a fresh project outside the repository with no network
// (every dependency from the npm cache, pinned by the repository's lockfile), then used as a user would:
// a design importing `flexv/hdl`, `npx flexv emit | lint | synth`, the Verilator harness from a script,
// and TypeScript checking the design against the shipped declarations.
let project: string;
const scratch: string[] = [];
// npm and npx never go to the network here: a missing package fails the install instead.
const offline = { npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

beforeAll(async () => {
  const stage = await stagedPackage();
  const packDir = outsideDir('pack');
  project = outsideDir('user');
  scratch.push(packDir, project);
  // The stage is already built (its `prepare`), so pack it as is.
  await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir], { cwd: stage, env: offline });
  const tgz = join(packDir, `flexv-${VERSION}.tgz`);
  writeUserProject(project, tgz);
  await execa('npm', ['ci', '--offline'], { cwd: project, env: offline });
});
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

/**
 * package.json as `npm init -y` writes it ("type": "commonjs") depending on the tarball, and a lockfile
 * naming the same versions of flexv's dependencies as the repository's (its non-dev entries), so
 * `npm ci --offline` installs them from the npm cache that the repository's own `npm ci` filled.
 */
function writeUserProject(dir: string, tgz: string): void {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const packages: Record<string, unknown> = {
    '': { name: 'user-design', version: '1.0.0', dependencies: { flexv: `file:${tgz}` } },
    'node_modules/flexv': {
      version: VERSION,
      resolved: `file:${tgz}`,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages as Record<string, { dev?: boolean }>)) {
    if (path !== '' && !entry.dev) packages[path] = entry;
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'user-design', version: '1.0.0', type: 'commonjs', dependencies: { flexv: `file:${tgz}` } }, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'user-design', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
}

const npx = (args: string[]) => execa('npx', args, { cwd: project, reject: false, env: offline });

const ADDER = `import { module, UInt } from 'flexv/hdl';

export default module('adder', (m, p: { width: number }) => {
  const a = m.input('a', UInt(p.width));
  const b = m.input('b', UInt(p.width));
  const y = m.output('y', UInt(p.width + 1));
  y.set(a.zext(p.width + 1).add(b.zext(p.width + 1)));
}, { defaults: { width: 8 } });
`;

describe('the packed tarball in a fresh project', () => {
  it('installs offline with the compiled tool, its declarations and no TypeScript to build', async () => {
    const installed = join(project, 'node_modules', 'flexv');
    for (const f of ['dist/hdl/index.js', 'dist/hdl/index.d.ts', 'dist/cli/commands.json', 'dist/build-stamp.json', 'sim/harness.cpp', 'bin/flexv.js']) {
      expect(existsSync(join(installed, f)), f).toBe(true);
    }
    expect(existsSync(join(project, 'node_modules', '.bin', 'flexv'))).toBe(true);
    // npm's tarball gives every file one old date: the installed dist/ counts as fresh, so it is what runs.
    const stamp = pathToFileURL(join(installed, 'scripts', 'dist-stamp.js')).href;
    const state = await execa('node', ['--input-type=module', '-e', `const m = await import('${stamp}'); console.log(JSON.stringify(m.distState()));`], { cwd: project });
    expect(JSON.parse(state.stdout)).toEqual({ fresh: true });
  });

  it('npx flexv emit, lint and synth a design that imports flexv/hdl', async () => {
    writeFileSync(join(project, 'adder.ts'), ADDER);
    const emitted = await npx(['flexv', 'emit', 'adder.ts', '--out', 'rtl', '--param', 'width=6']);
    expect(emitted.stderr).toBe('');
    expect(emitted.stdout).toBe("rtl: 1 module(s), top 'flexv_adder' (flexv_adder.sv)");
    const sv = readFileSync(join(project, 'rtl', 'flexv_adder.sv'), 'utf8');
    expect(sv).toContain('input  logic [5:0] a_i');
    expect(sv).toContain('output logic [6:0] y_o');
    expect(sv).toMatch(/assign y_o = .*;  \/\/ adder\.ts:7\n/);

    const lint = await npx(['flexv', 'lint', 'rtl']);
    expect(lint.exitCode, lint.stderr).toBe(0);
    expect(lint.stdout).toContain('lint clean');

    const synth = await npx(['flexv', 'synth', 'adder.ts', '--target', 'module', '--param', 'width=6']);
    expect(synth.exitCode, synth.stderr).toBe(0);
    expect(synth.stdout).toMatch(/^flexv_adder\s+1\s+\d+\.\d\s/m);
    expect(synth.stdout).toContain('0 flip-flops');
  });

  it("reports a design error at the user's file:line:col, without a stack trace", async () => {
    writeFileSync(join(project, 'bad.ts'), ADDER.replace('a.zext(p.width + 1).add(b.zext(p.width + 1))', 'a.add(b)'));
    const r = await npx(['flexv', 'emit', 'bad.ts', '--out', 'rtl-bad']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim()).toBe("bad.ts:7:5: error: width mismatch: assigning UInt(8) to 'y' of UInt(9): widen explicitly with .zext(9) or .sext(9)");
  });

  it('runs the Verilator module harness from a script (flexv/hdl + flexv/sim), as the README shows', async () => {
    // The README's advice for scripts that import designs: "type": "module", then `npx tsx sim.ts`.
    const dir = join(project, 'harness');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'harness', private: true, type: 'module' }));
    writeFileSync(join(dir, 'adder.ts'), ADDER);
    writeFileSync(
      join(dir, 'sim.ts'),
      `import { elaborate, emit } from 'flexv/hdl';
import { simulate } from 'flexv/sim';
import adder from './adder.ts';

const sim = await simulate(emit(elaborate(adder, { width: 8 })));
sim.poke('a_i', 200);
sim.poke('b_i', 100);
console.log(\`y_o = \${await sim.peek('y_o')}\`);
await sim.close();
`,
    );
    const r = await npx(['tsx', 'harness/sim.ts']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('y_o = 300');
  });

  it('type-checks a design against the shipped declarations, and catches a type error in it', async () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    mkdirSync(join(project, 'typed'), { recursive: true });
    const config = (files: string[]) =>
      JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files });
    writeFileSync(join(project, 'typed', 'ok.ts'), ADDER);
    writeFileSync(join(project, 'typed', 'wrong.ts'), ADDER.replace("UInt(p.width))", "UInt('8'))"));
    writeFileSync(join(project, 'typed', 'tsconfig.json'), config(['ok.ts']));
    const ok = await execa('node', [tsc, '-p', 'typed'], { cwd: project, reject: false });
    expect(ok.stdout + ok.stderr).toBe('');
    expect(ok.exitCode).toBe(0);
    writeFileSync(join(project, 'typed', 'tsconfig.json'), config(['ok.ts', 'wrong.ts']));
    const wrong = await execa('node', [tsc, '-p', 'typed'], { cwd: project, reject: false });
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stdout).toMatch(/^typed\/wrong\.ts\(4,\d+\): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'/m);
  });
});
