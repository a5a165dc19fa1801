import { measureCore } from './src/cosim/measure.ts';
console.log(await measureCore('baseline', Number(process.argv[2] ?? 200000)));
