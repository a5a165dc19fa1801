/** Public entry of the ISA table: types, the table, the reference encoder/decoder and the CSRs. */
export * from './types.ts';
export { extractOperand, insertOperand, operandMask, operandRange, operandValueError, operandWidth } from './fields.ts';
export {
  ALL_INSTRUCTIONS,
  CONFIGS,
  EXTENSIONS_OF,
  constraintViolations,
  decodeWord,
  encode,
  expandCompressed,
  expandWord,
  extractAll,
  instructionById,
  instructionSize,
  instructionsFor,
  isConfig,
  hasStatusBased,
  STATUS_BASED_CSRS,
} from './table.ts';
export * from './csrs.ts';
export * from './signs.ts';
export * from './vec-formats.ts';
export { macLoadSemanticsOf, simdSemanticsOf, LANE_WIDTH_OF_SUFFIX } from './simd-fields.ts';
