import { FORMATS, HL0_BY_MNEMONIC, type FormatShape } from './xpulp-formats.ts';
import { XPULP_ROWS, type XpulpRow } from './xpulp-rows.ts';
import { macLoadSemanticsOf, simdSemanticsOf } from './simd-fields.ts';
import type { FieldConstraint, InstrDef, SemClass } from './types.ts';

/** XpulpV2 and XpulpNN instructions, built from the checked-in TSV rows and the format layouts. */

/** `LB_RR_POSTINC` -> `p.lb.rr.postinc`; labels that are already mnemonics stay as they are. */
export function idFromLabel(label: string, mnemonic: string): string {
  if (label === mnemonic) return mnemonic;
  const parts = label.toLowerCase().split('_');
  return `p.${parts.join('.')}`;
}

export function semOf(mnemonic: string, format: string): SemClass {
  const byFormat: Record<string, SemClass> = {
    LPOST: 'load.postinc',
    LR: 'load.rr',
    LRPOST: 'load.rr.postinc',
    SPOST: 'store.postinc',
    SR: 'store.rr',
    SRPOST: 'store.rr.postinc',
    L: 'load.event',
    SB2: 'branch.imm',
    HL0: 'hwloop',
    HL1: 'hwloop',
  };
  if (byFormat[format]) return byFormat[format];
  if (mnemonic.startsWith('pv.mlsdot')) return 'mac.load';
  if (mnemonic.startsWith('pv.sdot')) return 'simd.sdot';
  if (mnemonic.startsWith('pv.dot')) return 'simd.dot';
  if (mnemonic.startsWith('pv.cmp')) return 'simd.cmp';
  if (/^pv\.(shuffle|pack)/.test(mnemonic)) return 'simd.shuffle';
  if (mnemonic.startsWith('pv.qnt')) return 'simd.qnt';
  if (mnemonic.startsWith('pv.')) return 'simd.alu';
  if (/^p\.(mac|msu)/.test(mnemonic)) return 'mac';
  if (mnemonic.startsWith('p.mul')) return 'mul';
  if (/^p\.(extract|insert|bset|bclr|cnt|ff1|fl1|clb|ror)/.test(mnemonic)) return 'bitmanip';
  return 'alu';
}

function shapeOf(row: XpulpRow): FormatShape {
  const [, , mnemonic, , , format] = row;
  const make = format === 'HL0' ? HL0_BY_MNEMONIC[mnemonic] : FORMATS[format];
  if (!make) throw new Error(`xpulp: no operand layout for format ${format} of ${mnemonic}`);
  return make();
}

function build(): InstrDef[] {
  const byMnemonic = new Map(XPULP_ROWS.map((r) => [r.at(2) as string, r]));
  return XPULP_ROWS.map((row) => {
    const [ext, label, mnemonic, match, mask, format] = row;
    const s = shapeOf(row);
    const sem = semOf(mnemonic, format);
    // Non-accumulating dot products of XpulpNN are listed with the RRRR layout but do not read rd.
    const reads = sem === 'simd.dot' ? s.reads.filter((r) => r !== 'rd') : s.reads;
    const def: InstrDef = {
      id: idFromLabel(label, mnemonic),
      mnemonic,
      ext,
      size: 4,
      match: match >>> 0,
      mask: mask >>> 0,
      operands: s.operands,
      syntax: s.syntax,
      sem,
      reads,
      writesRd: s.writesRd,
      writesRs1: s.writesRs1,
      tsvLabel: label,
    };
    const simd = mnemonic.startsWith('pv.') ? simdSemanticsOf(mnemonic) : undefined;
    const macLoad = macLoadSemanticsOf(mnemonic);
    if (simd) def.simd = simd;
    if (macLoad) def.macLoad = macLoad;
    if (mnemonic.startsWith('pv.') && !simd && !macLoad) throw new Error(`xpulp: no SIMD semantics for ${mnemonic}`);
    // p.mulsN with N = 0 is the encoding of p.muls (spec §3): decode picks the short name.
    const short = mnemonic.endsWith('N') ? byMnemonic.get(mnemonic.slice(0, -1)) : undefined;
    if (short && short[3] === match && ((short[4] & mask) >>> 0) === mask >>> 0) {
      const alias: FieldConstraint = { operand: 'uimm', not: 0, why: 'alias' };
      def.constraints = [alias];
    }
    return def;
  });
}

export const XPULP: InstrDef[] = build();
