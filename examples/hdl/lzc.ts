// `npx flexv emit examples/hdl/lzc.ts --out build/lzc` (parameters: see src/blocks/lzc.ts)
export { lzc as default } from '../../src/blocks/lzc.ts';
