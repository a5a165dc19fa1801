// `npx flexv emit examples/hdl/rr_arbiter.ts --out build/rr_arbiter` (parameters: see src/blocks/rr_arbiter.ts)
export { rrArbiter as default } from '../../src/blocks/rr_arbiter.ts';
