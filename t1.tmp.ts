import { emitCore, coreCoverage } from './src/core/core.ts';
import { writeEmit } from './src/hdl/index.ts';
const t0 = performance.now();
const r = emitCore('baseline');
console.log('emit ms', performance.now() - t0, r.warnings);
await writeEmit(r, 'build/core-try');
console.log(coreCoverage('baseline').missing.length);
