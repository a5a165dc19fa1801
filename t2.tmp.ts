import { emitCore, coreCoverage } from './src/core/core.ts';
import { writeEmit } from './src/hdl/index.ts';
const r = emitCore('baseline');
console.log(r.warnings);
await writeEmit(r, 'build/core-try');
console.log(coreCoverage('baseline').missing.length);
