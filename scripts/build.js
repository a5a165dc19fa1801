// `npm run build` (also `prepare`: `npm ci`, `npm pack`): compiles src/ into dist/ (ESM + declarations +
// source maps, tsconfig.build.json), writes the command manifest that lets the CLI load one command at a
// time (src/cli/registry.ts), and last the stamp bin/flexv.js checks so it never runs a stale dist/.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, STAMP, sourceState } from './dist-stamp.js';

const t0 = performance.now();
const dist = join(ROOT, 'dist');
// From scratch: a file deleted from src/ must not live on in dist/, and no stamp while building.
rmSync(dist, { recursive: true, force: true });
// Taken before compiling: a source edited during the build leaves dist/ stale, as it should.
const sources = sourceState();

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit', cwd: ROOT });
if (r.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  console.error(`build: tsc failed (exit ${r.status ?? r.signal}); dist/ removed, bin/flexv.js runs the sources through tsx`);
  process.exit(1);
}

const { writeManifest } = await import(pathToFileURL(join(dist, 'cli', 'registry.js')).href);
const manifest = await writeManifest();

writeFileSync(STAMP, JSON.stringify({ files: sources.files, newestMs: sources.newestMs, newest: sources.newest }, null, 2) + '\n');
console.log(`build: dist/ from ${sources.files} source files, ${manifest.length} commands, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
