import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CSRS, csrByName, inPulpCsrRange, type CsrDef } from './csrs.ts';
import { operandMask } from './fields.ts';
import { MACLOAD_SIGNS } from './signs.ts';
import { ALL_INSTRUCTIONS } from './table.ts';
import type { InstrDef, MacLoadSign, OperandDef } from './types.ts';
import { VEC_FORMATS } from './vec-formats.ts';

/**
 * Generates sw/include/flexv.h: one GNU C macro per custom instruction (Xpulp, XpulpNN, Flex-V), written
 * with `.insn` directives so the stock riscv64-unknown-elf-gcc (which knows none of them) can emit them.
 * Every encoding comes from the instruction table; run `npx tsx src/isa/gen-header.ts` after changing it.
 * Revision 2 (spec §5): no macros for revision 1's `.m` rows (extension `flexv`) nor its `mpc` CSR; the
 * status-based mode is driven by the CSR macros of `statusBasedSection` (formats from vec-formats.ts).
 */

/** The extensions that get instruction macros: revision 2 has no Flex-V opcodes of its own (spec §5.2). */
const MACRO_EXTS = ['xpulpv2', 'xpulpnn'] as const;
/** Revision 1's mixed-precision CSR, still in the table until the lead removes it; revision 2 has none. */

const FIELD = { rd: [11, 7], rs1: [19, 15], rs2: [24, 20] } as const;
const bitsMask = (hi: number, lo: number) => (((2 ** (hi - lo + 1) - 1) * 2 ** lo) >>> 0);
const hex = (v: number) => `0x${(v >>> 0).toString(16)}`;

/** Macro name: `pv.sdotsp.b` -> FLEXV_SDOTSP_B, `p.lw.postinc` -> FLEXV_LW_POSTINC, `lp.count` -> FLEXV_LP_COUNT. */
export function macroName(def: InstrDef): string {
  const base = def.id.startsWith('lp.') ? def.id : def.id.replace(/^pv?\./, '');
  return `FLEXV_${base.replace(/\./g, '_').toUpperCase()}`;
}

/** Which register operand sits in a standard field (rd/rs1/rs2), or undefined. */
function regIn(def: InstrDef, field: keyof typeof FIELD): OperandDef | undefined {
  const m = bitsMask(FIELD[field][0], FIELD[field][1]);
  return def.operands.find((o) => o.kind === 'xreg' && operandMask(o) === m);
}

/** GNU as expression for word bits [hi:lo] >> lo: fixed bits of `match` plus immediate operands. */
function fieldExpr(def: InstrDef, hi: number, lo: number, argOf: (op: OperandDef) => string): string {
  const terms = [hex(((def.match >>> lo) & (2 ** (hi - lo + 1) - 1)) >>> 0)];
  for (const op of def.operands) {
    if (op.kind === 'xreg') continue;
    for (const pc of op.pieces) {
      if (pc.lo < lo || pc.hi > hi) continue;
      const width = pc.hi - pc.lo + 1;
      terms.push(`((((${argOf(op)}) >> ${pc.at}) & ${2 ** width - 1}) << ${pc.lo - lo})`);
    }
  }
  return terms.join(' | ');
}

/** A signed 12-bit `.insn` immediate from a 12-bit pattern (as checks the range -2048..2047). */
const signed12 = (e: string) => `(((${e}) ^ 0x800) - 0x800)`;

/** asm operand names differ from the macro parameters, which the preprocessor would replace inside them. */
const sym = (name: string) => `o_${name}`;

interface Shape {
  insn: string;
  /** Register operands in the order the asm template numbers them. */
  regs: string[];
}

/** The `.insn` form for an instruction, or a reason it has none (labels, registers outside R/I/S fields). */
function insnShape(def: InstrDef, argOf: (op: OperandDef) => string): Shape | string {
  const opcode = def.match & 0x7f;
  const funct3 = (def.match >>> 12) & 7;
  if (def.operands.some((o) => o.kind === 'pcrel')) return 'takes a code label: write it in assembly (flexv asm)';
  const regs = def.operands.filter((o) => o.kind === 'xreg');
  if (!regs.every((r) => (['rd', 'rs1', 'rs2'] as const).some((f) => regIn(def, f) === r))) return 'register outside the standard fields';
  let immMask = def.operands.filter((o) => o.kind !== 'xreg').reduce((m, o) => (m | operandMask(o)) >>> 0, 0);
  // Each register field as .insn names it: a register operand, an immediate that fills the field's low
  // bits (the loop number L of lp.* becomes x0/x1), or the fixed bits as x<n>.
  const fieldText = (field: keyof typeof FIELD): string => {
    const [hi, lo] = FIELD[field];
    const fm = bitsMask(hi, lo);
    const reg = regIn(def, field);
    if (reg) return `%[${sym(reg.name)}]`;
    if ((immMask & fm) === 0) return `x${(def.match >>> lo) & 31}`;
    const inside = def.operands.filter((o) => o.kind !== 'xreg' && (operandMask(o) & fm) !== 0);
    const op = inside[0];
    const aligned = inside.length === 1 && (operandMask(op) & ~fm) === 0 && op.pieces.every((pc) => pc.lo - lo === pc.at);
    if (!aligned || ((def.match >>> lo) & 31) !== 0) return '';
    immMask = (immMask & ~fm) >>> 0;
    return `x${argOf(op)}`;
  };
  const rd = fieldText('rd');
  const rs1 = fieldText('rs1');
  const sTypeMask = (bitsMask(31, 25) | bitsMask(11, 7)) >>> 0;
  if (immMask === sTypeMask && regIn(def, 'rs1') && regIn(def, 'rs2') && !regIn(def, 'rd')) {
    const imm = `(${fieldExpr(def, 31, 25, argOf)}) << 5 | (${fieldExpr(def, 11, 7, argOf)})`;
    return { insn: `.insn s ${hex(opcode)}, ${funct3}, %[${sym('rs2')}], ${signed12(imm)}(%[${sym('rs1')}])`, regs: [] };
  }
  if (!rd || !rs1) return 'immediate bits in a register field';
  if ((immMask & ~bitsMask(31, 25)) === 0) {
    const rs2 = fieldText('rs2');
    return { insn: `.insn r ${hex(opcode)}, ${funct3}, ${fieldExpr(def, 31, 25, argOf)}, ${rd}, ${rs1}, ${rs2}`, regs: [] };
  }
  if ((immMask & ~bitsMask(31, 20)) === 0 && !regIn(def, 'rs2')) {
    return { insn: `.insn i ${hex(opcode)}, ${funct3}, ${rd}, ${rs1}, ${signed12(fieldExpr(def, 31, 20, argOf))}`, regs: [] };
  }
  return 'immediate bits the .insn formats cannot place';
}

/** `activations (A) unsigned x weights (W) signed`, from the one Mac&Load sign table (spec §4, revision 2). */
export function macLoadSignText(sign: MacLoadSign): string {
  const s = MACLOAD_SIGNS[sign];
  return `activations (A) ${s.act ? 'signed' : 'unsigned'} x weights (W) ${s.wt ? 'signed' : 'unsigned'}`;
}

function macro(def: InstrDef): string {
  const name = macroName(def);
  const header = `/* ${def.mnemonic} ${def.syntax}  [${def.id}, ${def.sem}]${def.macLoad ? `: ${macLoadSignText(def.macLoad.sign)}` : ''} */`;
  const argOf = (op: OperandDef) => `%[${sym(op.name)}]`;
  const shape = insnShape(def, argOf);
  if (typeof shape === 'string') return `${header}\n/* ${name}: no macro: ${shape}. */`;
  const readsRd = def.reads.includes('rd');
  const params: string[] = [];
  const outs: string[] = [];
  const ins: string[] = [];
  const decls: string[] = [];
  for (const op of def.operands) {
    if (op.kind === 'xreg') {
      if (op.name === 'rd' && def.writesRd) {
        if (readsRd) {
          params.push('rd');
          decls.push(`unsigned int __rd = (unsigned int)(rd);`);
          outs.push(`[${sym('rd')}] "+r" (__rd)`);
        } else {
          decls.push('unsigned int __rd;');
          outs.push(`[${sym('rd')}] "=r" (__rd)`);
        }
      } else if (op.name === 'rs1' && def.writesRs1) {
        // Post-increment: the pointer argument is an lvalue the instruction advances.
        params.push('rs1');
        outs.push(`[${sym('rs1')}] "+r" (rs1)`);
      } else {
        params.push(op.name);
        ins.push(`[${sym(op.name)}] "r" (${op.name})`);
      }
    } else {
      params.push(op.name);
      ins.push(`[${sym(op.name)}] "i" (${op.name})`);
    }
  }
  // Memory (loads, stores, pv.qnt thresholds), NN-RF and mixed-precision state: the compiler must keep them in order.
  const sideEffects = /load|store|mixed|hwloop|qnt/.test(def.sem);
  const asm = `__asm__${sideEffects ? ' volatile' : ''} ("${shape.insn}" : ${outs.join(', ')} : ${ins.join(', ')}${sideEffects ? ' : "memory"' : ''})`;
  const result = def.writesRd ? ' __rd;' : '';
  return `${header}\n#define ${name}(${params.join(', ')}) \\\n  ({ ${decls.join(' ')}${decls.length ? ' ' : ''}${asm};${result} })`;
}

/**
 * The string form of a macro, for the inside of an asm statement (hardware-loop bodies, hand-scheduled
 * loops, where statement expressions cannot go): `FLEXV_ASM_MLSDOTSUP_B("%[acc]", "%[ptr]", FLEXV_NN_A(0))`
 * is the string `".insn i 0x77, 1, %[acc], %[ptr], <expression>\n"`. Registers are strings (asm operand
 * references or register names); immediates are C constant expressions made of macros and numbers, expanded
 * and pasted into the text for GNU as to evaluate; a hardware-loop number `L` must be a plain 0 or 1 (it
 * becomes the register field x0/x1).
 */
function asmMacro(def: InstrDef): string | undefined {
  const shape = insnShape(def, (op) => `" FLEXV_STR(${op.name}) "`);
  if (typeof shape === 'string') return undefined;
  let text = shape.insn;
  for (const op of def.operands) if (op.kind === 'xreg') text = text.split(`%[${sym(op.name)}]`).join(`" ${op.name} "`);
  const params = def.operands.map((o) => o.name);
  return `#define ${macroName(def).replace(/^FLEXV_/, 'FLEXV_ASM_')}(${params.join(', ')}) "${text}\\n"`.replace(/ ""/g, '').replace(/"" /g, '');
}

/** The Mac&Load imm5 fields (spec §4): [0] A register read, [2:1] W register read, [3] load A, [4] load W. */
export const MACLOAD_IMM = { aShift: 0, aMask: 1, wShift: 1, wMask: 3, loadA: 8, loadW: 16 } as const;

function asmSection(custom: InstrDef[]): string {
  const I = MACLOAD_IMM;
  return [
    '/* ---- string forms for asm statements: FLEXV_ASM_<NAME>(register strings..., constant immediates...) ---- */',
    '/* e.g. __asm__ volatile (FLEXV_ASM_MLSDOTSUP_B("%[acc]", "%[ptr]", FLEXV_NN_A(1) | FLEXV_NN_W(2) | FLEXV_NN_LOAD_W)',
    '                          : [acc] "+r" (acc), [ptr] "+r" (ptr) :: "memory");  (hardware-loop L: a plain 0 or 1) */',
    '#define FLEXV_STR_(x) #x',
    '#define FLEXV_STR(x) FLEXV_STR_(x)',
    '',
    '/* Mac&Load imm5 (spec §4): the A and W registers read; a load reloads the selected one after the read (A wins). */',
    `#define FLEXV_NN_A(i) (((i) & ${I.aMask}) << ${I.aShift})`,
    `#define FLEXV_NN_W(i) (((i) & ${I.wMask}) << ${I.wShift})`,
    `#define FLEXV_NN_LOAD_A ${I.loadA}`,
    `#define FLEXV_NN_LOAD_W ${I.loadW}`,
    '',
    ...custom.map((d) => asmMacro(d)).filter((t): t is string => t !== undefined),
  ].join('\n');
}

/**
 * Hardware loops in asm statements: GNU as cannot place a forward label distance in `.insn`, so lp.setup
 * is written as a `.4byte` expression (fields from the table), with relaxation off so the distance is a
 * constant. The count must be in a fixed register (bind it with `register ... __asm__("t0")`). The setup is
 * word-aligned, so the body starts on a word. Two directives: `.balign 4` with relaxation on makes the linker
 * align it (R_RISCV_ALIGN: a c.nop it may delete); inside an outer loop, where relaxation is off, GNU as pads
 * a `.balign` after the outer setup word with zeros (an illegal instruction), so `.balignw 4, 0x0001` pads
 * with c.nop there first. A nested loop is word-aligned after linking only with -mno-relax (the linker may
 * move the outer body by 2); either way the code is correct.
 * Unaligned, the jump back to a 32-bit first instruction at a half-word address needs two fetch words and
 * costs a cycle per iteration (docs/core.md).
 */
function hwloopSection(): string {
  const setup = ALL_INSTRUCTIONS.find((d) => d.id === 'lp.setup')!;
  const piece = (name: string) => setup.operands.find((o) => o.name === name)!.pieces[0];
  const L = piece('L');
  const rs1 = piece('rs1');
  const t = piece('target');
  const width = t.hi - t.lo + 1;
  // Labels carry the tag (nested loops in one statement) and %= (unique per asm instance, so inlined
  // copies do not clash).
  const start = `.Lflexv_lp_" #tag "_%=`;
  const end = `.Lflexv_lpend_" #tag "_%=`;
  const word =
    `${hex(setup.match)} | ((" #L ") << ${L.lo}) | ((" #reg ") << ${rs1.lo}) | ` +
    `((((${end} - ${start}) >> ${t.at}) & ${hex(2 ** width - 1)}) << ${t.lo})`;
  return [
    '/* ---- hardware loops inside an asm statement ---- */',
    '/*',
    ' * __asm__ volatile (FLEXV_ASM_LP_SETUP(0, 5, a)   // loop 0, count in x5 (t0), tag a',
    ' *                   "add %0, %0, %1\\n"           // body: at least 2 instructions',
    ' *                   FLEXV_ASM_LP_LAST(a)',
    ' *                   "add %0, %0, %0\\n"           // the last instruction of the body',
    ' *                   FLEXV_ASM_LP_DONE : "+r" (acc) : "r" (x), "r" (count_in_t0));',
    ' */',
    `#define FLEXV_ASM_LP_SETUP(L, reg, tag) \\`,
    `  ".balignw 4, 0x0001\\n.balign 4\\n.option push\\n.option norelax\\n${start}:\\n.4byte ${word}\\n"`,
    `#define FLEXV_ASM_LP_LAST(tag) "${end}:\\n"`,
    '#define FLEXV_ASM_LP_DONE ".option pop\\n"',
  ].join('\n');
}

/** CSRs with macros: the PULP block (hardware loops and NN-RF, PULP_CSR_RANGE) and the status-based ones. */
function headerCsrs(): CsrDef[] {
  return CSRS.filter((c) => inPulpCsrRange(c.address) || c.feature === 'status-based');
}

function csrSection(): string {
  const lines = ['/* ---- CSRs (src/isa/csrs.ts) ---- */'];
  for (const c of headerCsrs()) {
    const up = c.name.toUpperCase();
    lines.push(`#define FLEXV_CSR_${up} ${hex(c.address)} /* ${c.description} */`);
    for (const f of c.fields) {
      if (f.hi - f.lo === 31) continue;
      lines.push(`#define FLEXV_${up}_${f.name.toUpperCase()}_SHIFT ${f.lo}`);
      lines.push(`#define FLEXV_${up}_${f.name.toUpperCase()}_MASK ${hex(((2 ** (f.hi - f.lo + 1) - 1) * 2 ** f.lo) >>> 0)}`);
    }
  }
  lines.push(
    '',
    '/* Read / write a CSR by its address (a constant); CSRWI writes a 5-bit constant (csrwi). */',
    '#define FLEXV_CSR_READ(csr) ({ unsigned int __v; __asm__ volatile ("csrr %0, %1" : "=r" (__v) : "i" (csr)); __v; })',
    '#define FLEXV_CSR_WRITE(csr, v) ({ __asm__ volatile ("csrw %0, %1" : : "i" (csr), "r" ((unsigned int)(v)) : "memory"); })',
    '#define FLEXV_CSR_WRITEI(csr, v) ({ __asm__ volatile ("csrwi %0, %1" : : "i" (csr), "i" (v) : "memory"); })',
    '/* The same inside an asm statement: FLEXV_ASM_CSRW(FLEXV_CSR_MACL_A_ADDRESS, "%[pa]"), FLEXV_ASM_CSRWI(csr, constant). */',
    '#define FLEXV_ASM_CSRW(csr, reg) "csrw " FLEXV_STR(csr) ", " reg "\\n"',
    '#define FLEXV_ASM_CSRWI(csr, v) "csrwi " FLEXV_STR(csr) ", " FLEXV_STR(v) "\\n"',
    '',
    '/* Hardware loop L (0 inner, 1 outer) through its CSRs: body from start to end (address of its last instruction). */',
    '#define FLEXV_HWLOOP_SET(L, start, end, count) ({ \\',
    '  FLEXV_CSR_WRITE((L) ? FLEXV_CSR_LPSTART1 : FLEXV_CSR_LPSTART0, (start)); \\',
    '  FLEXV_CSR_WRITE((L) ? FLEXV_CSR_LPEND1 : FLEXV_CSR_LPEND0, (end)); \\',
    '  FLEXV_CSR_WRITE((L) ? FLEXV_CSR_LPCOUNT1 : FLEXV_CSR_LPCOUNT0, (count)); })',
  );
  return lines.join('\n');
}

/** The small status-based CSRs written with csrwi as the published kernels do (spec §5.4): macro name per CSR. */
const CSRWI_MACROS: ReadonlyArray<[csr: string, macro: string, what: string]> = [
  ['sb_legacy', 'FLEXV_LEGACY_MODE', '1: legacy decoding (reset), 0: status-based decoding (spec §5.2)'],
  ['ivec_fmt', 'FLEXV_SET_FORMAT', 'operand format, a FLEXV_FMT_* value (spec §5.3)'],
  ['ivec_skip_size', 'FLEXV_SET_SKIP', 'dot products per sub-group (0 acts as 1)'],
  ['ivec_mixed_cycle', 'FLEXV_SET_MIXED_CYCLE', 'sub-group index of the narrower operand'],
];

/** The Mac&Load encoding used in status-based mode: the 8-bit row of the sign (the width comes from ivec_fmt). */
export function statusBasedMacLoad(sign: MacLoadSign): InstrDef {
  const def = ALL_INSTRUCTIONS.find((d) => d.macLoad?.sign === sign && d.macLoad.width === 8);
  if (!def) throw new Error(`gen-header: no 8-bit Mac&Load row with sign ${sign}`);
  return def;
}

/** The Mac&Load sign of activations unsigned x weights signed (the QNN case): `sup` in revision 2. */
export function qnnMacLoadSign(): MacLoadSign {
  const hit = (Object.keys(MACLOAD_SIGNS) as MacLoadSign[]).find((s) => !MACLOAD_SIGNS[s].act && MACLOAD_SIGNS[s].wt);
  if (!hit) throw new Error('gen-header: no Mac&Load sign with unsigned activations and signed weights');
  return hit;
}

/**
 * Status-based mode (spec §5): format values, the mode / format / skip writes (csrwi), the Mac&Load
 * auto-addressing writes and the read of macl_w_address, and the status-based Mac&Load (no address
 * register: `rs1` is x0, loads come from macl_{a,w}_address).
 */
function statusBasedSection(): string {
  const lines = ['/* ---- Flex-V status-based mode (spec §5, revision 2) ---- */', '', '/* ivec_fmt values (spec §5.3, src/isa/vec-formats.ts): activations x weights; 11..13 are flexv extensions. */'];
  for (const f of VEC_FORMATS) {
    const what = f.act ? `activations ${f.act}-bit x weights ${f.wt}-bit, L = ${f.lanes}, R = ${f.groups}${f.extension ? ', flexv extension' : ''}` : 'scalar code';
    lines.push(`#define FLEXV_FMT_${f.name.toUpperCase()} ${f.value} /* ${what} */`);
  }
  const pairs = VEC_FORMATS.filter((f) => f.act && f.wt);
  lines.push(
    '/* The format of (activation bits, weight bits), or -1 when there is none (a constant expression). */',
    `#define FLEXV_FMT(a, w) ( \\\n${pairs.map((f) => `  (a) == ${f.act} && (w) == ${f.wt} ? ${f.value} :`).join(' \\\n')} \\\n  -1)`,
    '',
  );
  for (const [name, macroName_, what] of CSRWI_MACROS) {
    const c = csrByName(name);
    if (!c || c.feature !== 'status-based') throw new Error(`gen-header: ${name} is not a status-based CSR`);
    lines.push(`/* ${what} */`, `#define ${macroName_}(x) FLEXV_CSR_WRITEI(FLEXV_CSR_${name.toUpperCase()}, x)`);
  }
  lines.push('', '/* Mac&Load auto-addressing (spec §5.2): FLEXV_MACL_A_ADDRESS(v) writes macl_a_address (and resets its stream counter), ... */');
  for (const c of CSRS.filter((x) => x.feature === 'status-based' && x.name.startsWith('macl_'))) {
    const up = c.name.toUpperCase();
    lines.push(`#define FLEXV_${up}(v) FLEXV_CSR_WRITE(FLEXV_CSR_${up}, v)`);
  }
  for (const name of ['macl_a_address', 'macl_w_address']) {
    if (!csrByName(name)) throw new Error(`gen-header: no CSR ${name}`);
    lines.push(`#define FLEXV_${name.toUpperCase()}_READ() FLEXV_CSR_READ(FLEXV_CSR_${name.toUpperCase()})`);
  }
  lines.push(
    '',
    '/* Status-based Mac&Load: rd += dot(A[imm], W[imm]) at the ivec_fmt widths; loads from the macl address streams.',
    '   The 8-bit encoding with rs1 = x0 (status-based mode reads neither its width nor rs1). */',
  );
  const qnn = qnnMacLoadSign();
  for (const sign of Object.keys(MACLOAD_SIGNS) as MacLoadSign[]) {
    const def = statusBasedMacLoad(sign);
    const text = asmMacro(def);
    if (!text) throw new Error(`gen-header: ${def.id} has no string form`);
    const insn = text.slice(text.indexOf('"'), text.lastIndexOf('"') + 1).replace('" rs1 "', 'x0');
    const up = sign.toUpperCase();
    lines.push(
      `/* pv.mlsdot${sign}: ${macLoadSignText(sign)}${sign === qnn ? ' (the QNN case)' : ''} */`,
      `#define FLEXV_ASM_SB_MLSDOT${up}(rd, uimm) ${insn}`,
      `#define FLEXV_SB_MLSDOT${up}(rd, uimm) ({ unsigned int __rd = (unsigned int)(rd); \\`,
      `  __asm__ volatile (FLEXV_ASM_SB_MLSDOT${up}("%[o_rd]", uimm) : [o_rd] "+r" (__rd) : : "memory"); __rd; })`,
    );
  }
  return lines.join('\n');
}

export function generateHeader(): string {
  const custom = ALL_INSTRUCTIONS.filter((d) => (MACRO_EXTS as readonly string[]).includes(d.ext));
  const names = new Map<string, string>();
  for (const d of custom) {
    const n = macroName(d);
    if (names.has(n)) throw new Error(`gen-header: ${d.id} and ${names.get(n)} both map to ${n}`);
    names.set(n, d.id);
  }
  const sections = MACRO_EXTS.map(
    (ext) => `/* ---- ${ext} ---- */\n\n${custom.filter((d) => d.ext === ext).map(macro).join('\n\n')}`,
  );
  return [
    '/* flexv.h: GENERATED by src/isa/gen-header.ts from the flexv instruction table. Do not edit. */',
    '/*',
    ' * Inline-asm macros for the Xpulp and XpulpNN instructions and the Flex-V status-based CSRs, for C compiled by the stock',
    ' * riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32 (GNU C statement expressions, `.insn`).',
    ' * Parameters follow the assembly operand order. `rd` is a parameter only when the instruction also',
    ' * reads it (accumulators); each macro yields the new rd. Immediates must be compile-time constants.',
    ' * Post-increment forms take the pointer as an lvalue and advance it.',
    ' */',
    '#ifndef FLEXV_H',
    '#define FLEXV_H',
    '',
    ...sections,
    '',
    asmSection(custom),
    '',
    hwloopSection(),
    '',
    csrSection(),
    '',
    statusBasedSection(),
    '',
    '#endif /* FLEXV_H */',
    '',
  ].join('\n');
}

export const HEADER_PATH = fileURLToPath(new URL('../../sw/include/flexv.h', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(HEADER_PATH, generateHeader());
  console.log(`wrote ${HEADER_PATH}`);
}
