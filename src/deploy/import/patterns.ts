/** The operators and patterns the importer understands, for error messages and docs. */
export const SUPPORTED_PATTERNS = [
  'Conv (any kernel, stride, pad; group 1 or depthwise; dilation 1; optional bias)',
  'Gemm (alpha = beta = 1, optional bias) / MatMul with constant weights',
  'Add of two activations (residual), each optionally requantized before the sum',
  'MaxPool / AveragePool / GlobalAveragePool (ceil_mode 0)',
  'Relu / Clip (constant bounds)',
  'Pad (constant zero, H and W only, in front of a Conv)',
  'Flatten / Reshape to a vector (in front of Gemm/MatMul, or of a 1x1 tensor)',
  'requantization: RequantShift(mul, add; div, n_levels_out, signed) [Deeploy]',
  'requantization: Mul/Add by constants, Div by a constant, Floor, Cast, Clip [NEMO]',
  'host tail after the last integer tensor: Sigmoid, Softmax, Gather, Identity (not deployed)',
];

export const HOST_TAIL_OPS = new Set(['Sigmoid', 'Softmax', 'Gather', 'Identity']);
