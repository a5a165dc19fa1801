import { lockstep, formatMismatch } from './src/cosim/lockstep.ts';
import { buildRandomProgram } from './src/cosim/programs.ts';
import { buildProgram } from './src/randprog/build.ts';
import { decoderSweep } from './src/cosim/sweep.ts';
import { coreCoverage } from './src/core/core.ts';
let n = 0, total = 0;
const cov = coreCoverage('baseline');
for (let seed = 101; seed <= 300; seed++) {
  const elf = seed % 4 === 0
    ? await buildProgram('build/core-campaign', `sweep-${seed}`, decoderSweep({ config: 'baseline', ids: [...cov.decoded, ...cov.compressed], seed, perInstruction: 2, illegal: 30 }))
    : await buildRandomProgram('build/core-campaign', seed, 3, 80);
  const r = await lockstep('baseline', elf, { stallSeed: seed % 2 ? seed : 0 });
  if (r.mismatch || r.end?.value !== 1) { console.log(seed, r.end, r.mismatch && formatMismatch('baseline', r.mismatch)); break; }
  n++; total += r.compared;
}
console.log(`${n} programs, ${total} retirements compared`);
