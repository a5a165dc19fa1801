import { lockstep } from './src/cosim/lockstep.ts';
const t0 = performance.now();
const r = await lockstep('baseline', 'build/core-measure/xorshift-200000.elf');
console.log(r.compared, (performance.now() - t0) / 1000, r.seconds);
