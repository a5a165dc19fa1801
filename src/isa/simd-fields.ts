import type { DotSign, LaneWidth, MacLoadSemantics, MacLoadSign, SimdForm, SimdOp, SimdSemantics } from './types.ts';

/**
 * The semantic fields of the packed-SIMD and Mac&Load rows, read once from their mnemonics when the table
 * is built (this file is the only place the mnemonic grammar is parsed). Everything downstream (golden
 * model, RTL decoder, assembler, C header, random programs) reads `InstrDef.simd` / `InstrDef.macLoad`.
 */

export const LANE_WIDTH_OF_SUFFIX: Readonly<Record<string, LaneWidth>> = { h: 16, b: 8, n: 4, c: 2 };

const LANE_OPS = new Set<string>([
  'add', 'sub', 'avg', 'avgu', 'min', 'minu', 'max', 'maxu', 'srl', 'sra', 'sll', 'or', 'xor', 'and', 'abs',
  'cmpeq', 'cmpne', 'cmpgt', 'cmpge', 'cmplt', 'cmple', 'cmpgtu', 'cmpgeu', 'cmpltu', 'cmpleu',
  'extract', 'extractu', 'insert', 'shuffle', 'shuffle2', 'shufflei0', 'shufflei1', 'shufflei2', 'shufflei3',
  'pack', 'packhi', 'packlo', 'qnt',
]);

/** `pv.<op>[.sc|.sci].<w>`, `pv.[s]dot<sign>.<w>[.sc|.sci]`, `pv.shuffle.h.sci`, `pv.shufflei<n>.b.sci`. */
export function simdSemanticsOf(mnemonic: string): SimdSemantics | undefined {
  let m = /^pv\.(s?)dot(up|usp|sp)\.([hbnc])(?:\.(sc|sci))?$/.exec(mnemonic);
  if (m) {
    return { op: m[1] ? 'sdot' : 'dot', width: LANE_WIDTH_OF_SUFFIX[m[3]!]!, form: (m[4] ?? 'vv') as SimdForm, sign: m[2] as DotSign };
  }
  m = /^pv\.([a-z0-9]+)(?:\.(sc|sci))?\.([hbnc])(?:\.(sci))?$/.exec(mnemonic);
  if (m && LANE_OPS.has(m[1]!)) {
    return { op: m[1] as SimdOp, width: LANE_WIDTH_OF_SUFFIX[m[3]!]!, form: (m[2] ?? m[4] ?? 'vv') as SimdForm };
  }
  return undefined;
}

/** `pv.mlsdot<sign>.<w>`. */
export function macLoadSemanticsOf(mnemonic: string): MacLoadSemantics | undefined {
  const m = /^pv\.mlsdot(up|usp|sup|sp)\.([hbnc])$/.exec(mnemonic);
  return m ? { sign: m[1] as MacLoadSign, width: LANE_WIDTH_OF_SUFFIX[m[2]!]! } : undefined;
}
