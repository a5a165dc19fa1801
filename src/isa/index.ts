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
} from './table.ts';
export * from './csrs.ts';
