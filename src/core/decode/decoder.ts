import { atSource, Bool, clog2, enumByName, enumType, lit, module, mux, orAll, UInt, type Expr } from '../../hdl/index.ts';
import { instructionById, type InstrDef, type OperandDef } from '../../isa/index.ts';
import { matchEntries } from './match.ts';
import { layoutKey, operandExtended } from './operands.ts';

/** One control signal the decoder drives (a decode-table column). */
export interface ControlSpec {
  name: string;
  width: number;
  /** the Enum its values belong to (by name): the output is of that type and its values print by name */
  enum?: string;
}

/** One decoded instruction: its table id and its value for every control, in `controls` order. */
export interface DecoderEntry {
  id: string;
  values: number[];
  /** Name of the operand the `imm` output carries (omitted: no immediate). */
  imm?: string;
  /** A second immediate operand (`imm2` output): p.extracti's position, p.beqimm's compared value. */
  imm2?: string;
  /** Where the part chose these values (its `decode.add` call, `core/parts/int-alu.ts:29`): the comment of the entry's match line. */
  source?: string;
}

export interface DecoderParams {
  controls: ControlSpec[];
  entries: DecoderEntry[];
}

/** The operand an instruction's immediate comes from by default: its first immediate-like operand. */
export function defaultImmOperand(def: InstrDef): string | undefined {
  return def.operands.find((o) => o.kind === 'simm' || o.kind === 'uimm' || o.kind === 'pcrel')?.name;
}

/**
 * The 32-bit instruction decoder, generated from the ISA table: per entry a match/mask compare (the table's
 * bits, constraints included), the entry's control values ORed onto the control outputs, the immediate
 * selected among the distinct operand layouts of the entries, and `illegal` when no entry matches.
 */
export const decoder = module('decoder', (m, p: DecoderParams) => {
  const instr = m.input('instr', UInt(32));
  const illegal = m.output('illegal', Bool());
  const imm = m.output('imm', UInt(32));
  const imm2 = m.output('imm2', UInt(32));
  const defs = p.entries.map((e) => {
    const d = instructionById(e.id);
    m.require(d !== undefined && d.size === 4, `decoder entry '${e.id}' is not a 32-bit instruction of the ISA table`);
    return d!;
  });
  const hits = matchEntries(defs, instr).map((h, i) => {
    const e = p.entries[i]!;
    const name = `hit_${e.id.replace(/\W/g, '_')}`;
    return e.source ? atSource(e.source, () => m.named(name, h)) : m.named(name, h);
  });
  illegal.set(hits.length ? orAll(hits).not() : true);

  const outputs: Record<string, Expr> = {};
  p.controls.forEach((c, k) => {
    const named = c.enum === undefined ? undefined : enumByName(c.enum);
    m.require(c.enum === undefined || named?.width === c.width, `decoder control '${c.name}': no ${c.width}-bit enum '${c.enum}'`);
    const out = m.output(c.name, named ? enumType(named) : UInt(c.width));
    // One OR term per distinct non-zero value: the hits that give it.
    const byValue = new Map<number, Expr[]>();
    p.entries.forEach((e, i) => {
      const v = e.values[k] ?? 0;
      if (v !== 0) byValue.set(v, [...(byValue.get(v) ?? []), hits[i]!]);
    });
    const terms = [...byValue].map(([v, hs]) => mux(orAll(hs), lit(v, c.width), lit(0, c.width)));
    out.set(terms.length ? orAll(terms) : lit(0, c.width));
    outputs[c.name] = out;
  });

  // Immediates: one extractor per distinct operand layout, selected by the hits of the entries using it.
  const immediate = (which: 'imm' | 'imm2'): Expr => {
    const layouts = new Map<string, { op: OperandDef; hits: Expr[] }>();
    p.entries.forEach((e, i) => {
      const name = e[which];
      if (!name) return;
      const op = defs[i]!.operands.find((o) => o.name === name);
      m.require(op !== undefined, `decoder entry '${e.id}' has no operand '${name}'`);
      const key = layoutKey(op!);
      const l = layouts.get(key) ?? { op: op!, hits: [] };
      l.hits.push(hits[i]!);
      layouts.set(key, l);
    });
    const terms = [...layouts.values()].map((l) => mux(orAll(l.hits), operandExtended(l.op, instr, 32), lit(0, 32)));
    return terms.length ? orAll(terms) : lit(0, 32);
  };
  imm.set(immediate('imm'));
  imm2.set(immediate('imm2'));
  return { instr, illegal, imm, imm2, ...outputs };
});

/** Width of an enumerated control with `n` values. */
export function enumWidth(n: number): number {
  return Math.max(1, clog2(n));
}
