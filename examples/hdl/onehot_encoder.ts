// `npx flexv emit examples/hdl/onehot_encoder.ts --out build/onehot_encoder` (parameters: see src/blocks/onehot_encoder.ts)
export { onehotEncoder as default } from '../../src/blocks/onehot_encoder.ts';
