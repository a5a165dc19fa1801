import { runElf } from './src/iss/run.ts';
const t0 = performance.now();
let n = 0;
const r = await runElf('build/core-measure/xorshift-200000.elf', { config: 'baseline', onRetire: () => { n++; } });
console.log(n, (performance.now() - t0) / 1000, r.reason);
