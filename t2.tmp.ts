import { buildCoreSim } from './src/cosim/build.ts';
const t0 = performance.now();
const s = await buildCoreSim('baseline');
console.log(s, (performance.now() - t0) / 1000);
