import { decoderSweep } from './src/cosim/sweep.ts';
import { coreCoverage } from './src/core/core.ts';
const cov = coreCoverage('baseline');
const ids = [...cov.decoded, ...cov.compressed];
const src = decoderSweep({ config: 'baseline', ids, seed: 1, perInstruction: 4, illegal: 10 });
const seen = new Set([...src.matchAll(/^# (\S+)$/gm)].map((m) => m[1]));
console.log(ids.length, ids.filter((i) => !seen.has(i)));
