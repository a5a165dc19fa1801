import { buildProgram } from './src/randprog/build.ts';
import { lockstep, formatMismatch } from './src/cosim/lockstep.ts';
import { readFileSync } from 'node:fs';
const name = process.argv[2] ?? 'smoke';
const elf = await buildProgram('build/core-test', name, readFileSync(`test/core/programs/${name}.S`, 'utf8'));
const r = await lockstep('baseline', elf, { maxCycles: 100000 });
console.log(r.compared, r.end, r.goldEnd);
if (r.mismatch) console.log(formatMismatch('baseline', r.mismatch));
