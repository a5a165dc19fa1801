/** The generic library blocks, written in the flexv HDL (one file each; see docs/hdl.md). */
export { counter } from './counter.ts';
export { fifo } from './fifo.ts';
export { leadingZeros, lzc } from './lzc.ts';
export { onehotEncoder, onehotToBinary } from './onehot_encoder.ts';
export { lowestSetIndex, priorityEncoder } from './priority_encoder.ts';
export { rrArbiter } from './rr_arbiter.ts';
