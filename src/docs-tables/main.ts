// `npm run docs:tables [-- --check | --promote <benchmark>...]`: the docs' generated tables from the committed
// benchmark results (bench/reference). Default: rewrite them. --check: change nothing, exit 1 where a page
// and its data disagree. --promote: copy bench/results/<benchmark>.json (a fresh `npm run bench -- <name>`)
// into bench/reference first.
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PROJECT_ROOT } from '../sim/verilator.ts';
import { UserError } from '../util/errors.ts';
import { firstDifference, regenerateDocs } from './generate.ts';
import { readReference, referencePath, RESULTS_DIR } from './reference.ts';

function main(args: string[]): number {
  const check = args.includes('--check');
  const promote: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--check') continue;
    if (a === '--promote') {
      const name = args[++i];
      if (!name || name.startsWith('--')) throw new UserError('--promote needs a benchmark name (e.g. --promote synth)', '--promote');
      promote.push(name);
    } else throw new UserError(`unknown argument '${a}' (usage: npm run docs:tables [-- --check | --promote <benchmark>])`, a);
  }
  for (const name of promote) {
    const from = referencePath(name, RESULTS_DIR);
    if (!existsSync(from)) throw new UserError(`${relative(PROJECT_ROOT, from)} does not exist: run \`npm run bench -- ${name}\` first`, '--promote');
    readReference(name, RESULTS_DIR); // refuses a file that is not a bench/run.ts result
    copyFileSync(from, referencePath(name));
    console.log(`bench/reference/${name}.json <- bench/results/${name}.json`);
  }
  let stale = 0;
  for (const p of regenerateDocs()) {
    const shown = relative(PROJECT_ROOT, p.file);
    if (p.after === p.before) continue;
    if (check) {
      const d = firstDifference(p.before, p.after)!;
      console.error(`${shown}:${d.line}: the page and bench/reference disagree\n  page:      ${d.doc}\n  generated: ${d.generated}`);
      stale++;
    } else {
      writeFileSync(p.file, p.after);
      console.log(`${shown}: ${p.tables.length} table${p.tables.length > 1 ? 's' : ''} rewritten (${p.tables.join(', ')})`);
    }
  }
  if (check && stale) console.error(`${stale} page${stale > 1 ? 's' : ''} out of date: \`npm run docs:tables\` rewrites them`);
  return check && stale ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UserError)) throw e;
  console.error(`docs:tables: ${e.message}`);
  process.exitCode = 1;
}
