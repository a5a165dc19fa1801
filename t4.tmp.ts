import { buildRandomProgram } from './src/cosim/programs.ts';
import { lockstep, formatMismatch } from './src/cosim/lockstep.ts';
const [from, to] = [Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 5)];
for (let seed = from; seed <= to; seed++) {
  const elf = await buildRandomProgram('build/core-test/rand', seed, 3, 100);
  const r = await lockstep('baseline', elf, { maxCycles: 1000000 });
  console.log(seed, r.compared, r.end?.reason, r.end?.value, r.end?.cycles, r.goldEnd);
  if (r.mismatch) { console.log(formatMismatch('baseline', r.mismatch)); break; }
}
