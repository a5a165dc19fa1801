// `npm run bench -- <name>`: runs bench/<name>.ts, whose default export does the measuring and returns
// the figures written to bench/results/<name>.json, wrapped with the machine (cores, CPU, load, tool
// versions) and the git commit they were measured on (bench/support/meta.ts).
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gitState, machine, type BenchResult } from './support/meta.ts';

const here = dirname(fileURLToPath(import.meta.url));
const name = process.argv[2];
const available = (await readdir(here))
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name> [args]\navailable benchmarks: ${available.join(', ')}`);
  process.exit(name ? 1 : 0);
}

const mod = (await import(join(here, `${name}.ts`))) as {
  default: (args: string[]) => Promise<unknown>;
};
const args = process.argv.slice(3);
// Taken before the run: the load average then is what the timings ran under, not what they caused.
const startedAt = new Date();
const where = { git: gitState(join(here, '..')), machine: machine() };
const figures = await mod.default(args);
const result: BenchResult = {
  benchmark: name,
  args,
  startedAt: startedAt.toISOString(),
  seconds: Math.round((Date.now() - startedAt.getTime()) / 100) / 10,
  ...where,
  figures,
};
const out = join(here, 'results', `${name}.json`);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, JSON.stringify(result, null, 2) + '\n');
console.log(`figures written to ${out} (commit ${where.git.commit?.slice(0, 10) ?? 'unknown'}${where.git.dirty ? ', with uncommitted changes' : ''})`);
