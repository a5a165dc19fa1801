import { buildProgram } from './src/randprog/build.ts';
import { lockstep, formatMismatch } from './src/cosim/lockstep.ts';
import { readFileSync } from 'node:fs';
const elf = await buildProgram('build/core-test', 'kernels', readFileSync('test/core/programs/kernels.c', 'utf8'), { lang: 'c', march: 'rv32imc_zicsr', extra: ['-O2', '-ffreestanding', '-lgcc'] });
const r = await lockstep('baseline', elf, { maxCycles: 10000000 });
console.log(r.compared, r.end, r.goldEnd);
if (r.mismatch) console.log(formatMismatch('baseline', r.mismatch));
