/**
 * Public entry of the QNN kernels: layers with their references, the build flow, runs on the golden
 * model and the instructions-per-MAC measurement.
 */
export { ACT_SIGNED, BITS, BUILDS, FORMAT_PAIRS, WEIGHT_SIGNED, type Bits, type Build } from './formats.ts';
export { checkShape, makeConvLayer, makeLayer, packedInputs, type ConvShape, type Layer, type LayerShape } from './layer.ts';
export { conv2d, depthwise, outputSize, type ConvGeometry } from './ref/conv.ts';
export { matmul, matvec } from './ref/linear.ts';
export { pack, unpack } from './ref/pack.ts';
export { requantize, requantOne, type Requant } from './ref/requant.ts';
export { buildKernel, type KernelVariant } from './build.ts';
export { CONFIG_OF_BUILD, readKernelOutputs, runKernel, type KernelRun } from './run.ts';
export { runKernelOnCore, type CoreKernelRun } from './on-core.ts';
export { MIN_LOOP_RUN, profileMacLoadLoops, type MacLoadLoopProfile } from './loop-profile.ts';
export { CONV_3X3_32_64, formatTable, measure, type MeasureRow } from './measure.ts';
export { macLoadGroup, type MacLoadGroup, type MacLoadOp } from './schedule.ts';
