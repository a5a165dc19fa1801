// `npx flexv emit examples/hdl/priority_encoder.ts --out build/priority_encoder` (parameters: see src/blocks/priority_encoder.ts)
export { priorityEncoder as default } from '../../src/blocks/priority_encoder.ts';
