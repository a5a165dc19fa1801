import { extractOperand, insertOperand, operandWidth } from './fields.ts';
import { RV32I, RV32M, ZICSR, ZIFENCEI } from './rv32.ts';
import { RV32C } from './rv32c.ts';
import { CSRS } from './csrs.ts';
import type { Config, Decoded, Extension, InstrDef, OperandValues } from './types.ts';
import { XPULP } from './xpulp.ts';

/** The instruction table and the reference encoder/decoder every other tool builds on. */

export const ALL_INSTRUCTIONS: readonly InstrDef[] = [...RV32I, ...RV32M, ...RV32C, ...ZICSR, ...ZIFENCEI, ...XPULP];

export const CONFIGS: readonly Config[] = ['baseline', 'xpulpnn', 'flexv'];

export const EXTENSIONS_OF: Record<Config, readonly Extension[]> = {
  baseline: ['rv32i', 'rv32m', 'rv32c', 'zicsr', 'zifencei', 'xpulpv2'],
  xpulpnn: ['rv32i', 'rv32m', 'rv32c', 'zicsr', 'zifencei', 'xpulpv2', 'xpulpnn'],
  flexv: ['rv32i', 'rv32m', 'rv32c', 'zicsr', 'zifencei', 'xpulpv2', 'xpulpnn', 'flexv'],
};

/**
 * Configurations with the Flex-V status-based mode (spec §5): the format, mixed-precision and Mac&Load
 * address CSRs exist and the `sb_legacy` switch works. Elsewhere those CSRs are illegal.
 */
export function hasStatusBased(config: Config): boolean {
  return config === 'flexv';
}

/** The CSR names that exist only with the status-based mode (spec §5.1). */
export const STATUS_BASED_CSRS: readonly string[] = CSRS.filter((c) => c.feature === 'status-based').map((c) => c.name);

const BY_ID = new Map<string, InstrDef>();
for (const d of ALL_INSTRUCTIONS) {
  if (BY_ID.has(d.id)) throw new Error(`isa: duplicate instruction id ${d.id}`);
  BY_ID.set(d.id, d);
}

export function isConfig(s: string): s is Config {
  return (CONFIGS as readonly string[]).includes(s);
}

export function instructionById(id: string): InstrDef | undefined {
  return BY_ID.get(id);
}

export function instructionsFor(config: Config): InstrDef[] {
  const exts = EXTENSIONS_OF[config];
  return ALL_INSTRUCTIONS.filter((d) => exts.includes(d.ext));
}

/** 2 or 4: the length of the instruction whose lowest half-word is `half` (no 48-bit forms here). */
export function instructionSize(half: number): 2 | 4 {
  return (half & 3) === 3 ? 4 : 2;
}

/** Operand values that violate a constraint of the given kinds, as messages. */
export function constraintViolations(def: InstrDef, values: OperandValues, kinds: readonly string[]): string[] {
  const out: string[] = [];
  for (const c of def.constraints ?? []) {
    if (kinds.includes(c.why) && values[c.operand] === c.not) out.push(`${def.mnemonic}: ${c.operand} = ${c.not} is ${c.why}`);
  }
  return out;
}

/**
 * The word for `def` with the given operand values. Throws a RangeError naming the operand when a value
 * is missing, does not fit, or hits a reserved encoding.
 */
export function encode(def: InstrDef, values: OperandValues): number {
  let word = def.match;
  for (const op of def.operands) {
    const v = values[op.name];
    if (v === undefined) throw new RangeError(`${def.mnemonic}: missing operand ${op.name}`);
    try {
      word = insertOperand(op, word, v);
    } catch (e) {
      throw new RangeError(`${def.mnemonic}: ${(e as Error).message}`);
    }
  }
  const bad = constraintViolations(def, values, ['reserved']);
  if (bad.length) throw new RangeError(bad[0]);
  return word >>> 0;
}

export function extractAll(def: InstrDef, word: number): OperandValues {
  const values: OperandValues = {};
  for (const op of def.operands) values[op.name] = extractOperand(op, word);
  return values;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v >>>= 1) n += v & 1;
  return n;
}

/** Bucket key: the major opcode of 32-bit words, quadrant + funct3 of compressed ones. */
function bucketOf(word: number, size: 2 | 4): number {
  return size === 4 ? word & 0x7f : 0x80 | ((word >>> 13) & 7) << 2 | (word & 3);
}

const decoders = new Map<Config, Map<number, InstrDef[]>>();

function decoderFor(config: Config): Map<number, InstrDef[]> {
  let buckets = decoders.get(config);
  if (buckets) return buckets;
  buckets = new Map();
  // Most specific first: c.nop before c.addi, p.muls before p.mulsN.
  const defs = instructionsFor(config).sort((a, b) => popcount(b.mask) - popcount(a.mask));
  for (const d of defs) {
    const key = bucketOf(d.match, d.size);
    const list = buckets.get(key) ?? [];
    list.push(d);
    buckets.set(key, list);
  }
  decoders.set(config, buckets);
  return buckets;
}

/**
 * Reference decoder: the instruction `word` encodes in `config`, or undefined when it is illegal there.
 * For a compressed instruction pass the 16-bit value (upper bits are ignored).
 */
export function decodeWord(config: Config, word: number): Decoded | undefined {
  const size = instructionSize(word & 0xffff);
  const w = size === 2 ? word & 0xffff : word >>> 0;
  for (const def of decoderFor(config).get(bucketOf(w, size)) ?? []) {
    if (((w & def.mask) >>> 0) !== def.match) continue;
    const operands = extractAll(def, w);
    if (constraintViolations(def, operands, ['reserved', 'alias']).length) continue;
    return { def, operands };
  }
  return undefined;
}

/** The 32-bit instruction and operands a compressed instruction stands for. */
export function expandCompressed(d: Decoded): Decoded {
  const exp = d.def.expand;
  if (!exp) return d;
  const def = BY_ID.get(exp.id);
  if (!def) throw new Error(`isa: expansion ${exp.id} of ${d.def.id} is unknown`);
  const operands: OperandValues = {};
  for (const op of def.operands) {
    const src = exp.operands[op.name];
    if (src === undefined) throw new Error(`isa: expansion of ${d.def.id} does not give ${op.name}`);
    let v = typeof src === 'number' ? src : d.operands[src];
    // c.lui: a signed 6-bit value lands in lui's unsigned 20-bit field.
    if (!op.signed && op.kind !== 'xreg' && v < 0) v += 2 ** operandWidth(op);
    operands[op.name] = v;
  }
  return { def, operands };
}

/** The 32-bit word of a compressed instruction's expansion (for the ISS and RTL test vectors). */
export function expandWord(config: Config, half: number): number | undefined {
  const d = decodeWord(config, half & 0xffff);
  if (!d || d.def.size !== 2) return undefined;
  const e = expandCompressed(d);
  return encode(e.def, e.operands);
}

