// `npx flexv emit examples/hdl/counter.ts --out build/counter` (parameters: see src/blocks/counter.ts)
export { counter as default } from '../../src/blocks/counter.ts';
