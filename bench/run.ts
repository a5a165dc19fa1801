// `npm run bench -- <name>`: runs bench/<name>.ts, whose default export does the measuring and returns
// the figures written to bench/results/<name>.json.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
const figures = await mod.default(process.argv.slice(3));
const out = join(here, 'results', `${name}.json`);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, JSON.stringify(figures, null, 2) + '\n');
console.log(`figures written to ${out}`);
