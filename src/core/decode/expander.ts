import { Bool, lit, module, mux, orAll, UInt, type Expr } from '../../hdl/index.ts';
import { instructionById, operandWidth } from '../../isa/index.ts';
import { matchEntries } from './match.ts';
import { operandValue, placeOperand } from './operands.ts';

export interface ExpanderParams {
  /** Ids of the compressed instructions the core accepts (from the ISA table). */
  ids: string[];
}

/**
 * The compressed-instruction expander, generated from the ISA table's `expand` data: each 16-bit entry
 * builds its 32-bit instruction from the expansion's fixed bits plus its operands moved into the
 * expansion's fields (constants placed as constants). `illegal` when no entry matches.
 */
export const compressedExpander = module('compressed_expander', (m, p: ExpanderParams) => {
  const insn = m.input('insn', UInt(16));
  const instr = m.output('instr', UInt(32));
  const illegal = m.output('illegal', Bool());
  const defs = p.ids.map((id) => {
    const d = instructionById(id);
    m.require(d !== undefined && d.size === 2 && d.expand !== undefined, `expander entry '${id}' is not a compressed instruction`);
    return d!;
  });
  const hits = matchEntries(defs, insn).map((h, i) => m.named(`hit_${defs[i]!.id.replace(/\W/g, '_')}`, h));
  const words = defs.map((d) => {
    const exp = d.expand!;
    const target = instructionById(exp.id)!;
    let word: Expr = lit(target.match, 32);
    for (const op of target.operands) {
      const src = exp.operands[op.name];
      const w = operandWidth(op);
      let value: Expr;
      if (typeof src === 'number') {
        value = lit(src < 0 ? src + 2 ** w : src, w);
      } else {
        const from = d.operands.find((o) => o.name === src);
        m.require(from !== undefined, `expansion of ${d.id} names unknown operand ${src}`);
        const raw = operandValue(from!, insn);
        // Modulo 2^w into the target field: sign-extend signed sources, zero-extend the others.
        value = raw.width >= w ? raw.trunc(w) : from!.signed ? raw.sext(w) : raw.zext(w);
      }
      word = word.or(placeOperand(op, value, 32));
    }
    return word;
  });
  illegal.set(hits.length ? orAll(hits).not() : true);
  instr.set(orAll(words.map((w, i) => mux(hits[i]!, w, lit(0, 32)))));
  return { insn, instr, illegal };
});
