// `npm run build` (also `prepare`: `npm ci`, `npm pack`): compiles src/ into dist/ (ESM + declarations +
// source maps, tsconfig.build.json), writes the command manifest that lets the CLI load one command at a
// time (src/cli/registry.ts), and last the stamp bin/flexv.js checks so it never runs a stale dist/.
// Built beside dist/ and swapped in, so a `flexv` starting meanwhile sees the old build or the new one.
// As `prepare` of `npm ci`/`npm install`, a failure (no TypeScript installed, a type error in src/) warns
// and leaves no dist/: the install succeeds and bin/flexv.js runs the sources through tsx. Otherwise
// (`npm run build`, `npm pack`) it fails.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleCommands } from './bundle.js';
import { ROOT, sourceState } from './dist-stamp.js';

const t0 = performance.now();
const dist = join(ROOT, 'dist');
const tmp = join(ROOT, `dist.tmp-${process.pid}`);
// Lenient only while installing: `npm pack` / `npm publish` must not ship a package without dist/.
const lenient = process.env.npm_lifecycle_event === 'prepare' && ['ci', 'install'].includes(process.env.npm_command ?? '');

function fail(message) {
  rmSync(tmp, { recursive: true, force: true });
  if (lenient) {
    rmSync(dist, { recursive: true, force: true });
    console.warn(`build: ${message}; no dist/: bin/flexv.js runs the TypeScript sources through tsx (slower start)`);
    process.exit(0);
  }
  console.error(`build: ${message}`);
  process.exit(1);
}

// Taken before compiling: a source edited during the build leaves dist/ stale, as it should.
const sources = sourceState(ROOT, { hashes: true });

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  fail('TypeScript is not installed (a devDependency: npm ci without --omit=dev)');
}
rmSync(tmp, { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', tmp], { stdio: 'inherit', cwd: ROOT });
if (r.status !== 0) fail(`tsc failed (exit ${r.status ?? r.signal})`);

const { writeManifest } = await import(pathToFileURL(join(tmp, 'cli', 'registry.js')).href);
const manifest = await writeManifest();
// After the manifest (which imports every command file): the start-up path of run/asm/disasm as one file each.
// A bundling failure leaves the files it did not write as tsc made them: slower to start, same behaviour.
const bundle = await bundleCommands(ROOT, tmp).catch((e) => ({ bundled: [], reason: e.message.split('\n')[0] }));
if (bundle.reason) console.warn(`build: commands not bundled (${bundle.reason}): slower start, same behaviour`);
writeFileSync(join(tmp, 'build-stamp.json'), JSON.stringify({ files: sources.files, newestMs: sources.newestMs, newest: sources.newest, hashes: sources.hashes }, null, 2) + '\n');

const old = join(ROOT, `dist.old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(tmp, dist);
rmSync(old, { recursive: true, force: true });
console.log(`build: dist/ from ${sources.files} source files, ${manifest.length} commands (${bundle.bundled.length} bundled), in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
