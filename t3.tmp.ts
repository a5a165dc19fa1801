import { assemble, toElf } from './src/asm/index.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { lockstep, formatMismatch } from './src/cosim/lockstep.ts';
const f = process.argv[2]!;
const out = assemble(readFileSync(f, 'utf8'), { fileName: f, config: 'baseline' });
writeFileSync('build/core-test/x.elf', toElf(out));
const r = await lockstep('baseline', 'build/core-test/x.elf', { maxCycles: 100000 });
console.log(r.compared, r.end, r.goldEnd);
if (r.mismatch) console.log(formatMismatch('baseline', r.mismatch));
