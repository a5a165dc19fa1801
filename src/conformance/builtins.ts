import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MACLOAD_IMM, macroName } from '../isa/gen-header.ts';
import { ALL_INSTRUCTIONS } from '../isa/table.ts';
import type { InstrDef } from '../isa/types.ts';

/**
 * Generates sw/include/pulp_builtins.h: the PULP GCC builtins (`__builtin_pulp_*`) that PULP-NN and
 * PULP-NN-mixed use, as macros over sw/include/flexv.h (itself generated from the instruction table), so
 * code written for the PULP toolchain compiles with the stock riscv64-unknown-elf-gcc. Every builtin names
 * the table row it stands for by its fields (`simd`, `macLoad`) or its id; no encoding is written here.
 * Run `npx tsx src/conformance/builtins.ts` after changing the table or this list.
 *
 * Argument order and meaning follow the PULP GCC builtins as PULP-NN-mixed calls them
 * (published-flexv-notes.md §2.3): packed-SIMD builtins are named by lane count (4 = 8-bit lanes, 8 = 4-bit,
 * 16 = 2-bit, 2 = 16-bit), `__builtin_pulp_sdotusp4(a, b, acc)` = pv.sdotusp.b with a in rs1 (unsigned)
 * and b in rs2 (signed); the Mac&Load builtins take `(a_update, b_update, a_reg, b_reg, ptr[, acc])` where
 * "a" is the weights (W0..W3) and "b" the activations (A0, A1).
 */

const LANES_OF_WIDTH: Record<number, number> = { 16: 2, 8: 4, 4: 8, 2: 16 };
/** Register-form SIMD operations offered as builtins (PULP GCC names: op + lane count). */
const SIMD_ALU_OPS = ['add', 'sub', 'avg', 'avgu', 'max', 'maxu', 'min', 'minu', 'and', 'or', 'xor', 'srl', 'sra', 'sll'] as const;
const UNSIGNED_ALU = new Set(['avgu', 'maxu', 'minu', 'srl']);

function row(pred: (d: InstrDef) => boolean, what: string): InstrDef {
  const found = ALL_INSTRUCTIONS.filter(pred);
  if (found.length !== 1) throw new Error(`pulp_builtins: ${found.length} table rows for ${what}`);
  return found[0];
}
const byId = (id: string) => row((d) => d.id === id, id);
const m = (d: InstrDef) => macroName(d);

/** The C vector type of a builtin's result (4- and 2-lane results), or a 32-bit integer. */
function resultType(lanes: number, unsigned: boolean): string {
  if (lanes === 4) return unsigned ? 'v4u' : 'v4s';
  if (lanes === 2) return unsigned ? 'v2u' : 'v2s';
  return unsigned ? 'unsigned int' : 'int';
}

/** `(type)` cast of a 32-bit register value; vectors go through the same-size integer. */
const asType = (type: string, e: string) => `((${type})(unsigned int)(${e}))`;
const U = (x: string) => `(unsigned int)(${x})`;

function simdBuiltins(): string[] {
  const lines: string[] = ['/* ---- packed SIMD (register form) ---- */'];
  const vv = ALL_INSTRUCTIONS.filter((d) => d.simd && d.simd.form === 'vv' && LANES_OF_WIDTH[d.simd.width] !== undefined);
  for (const d of vv) {
    const s = d.simd!;
    const lanes = LANES_OF_WIDTH[s.width];
    if ((s.op === 'dot' || s.op === 'sdot') && s.sign) {
      const name = `__builtin_pulp_${s.op}${s.sign}${lanes}`;
      if (s.op === 'sdot') lines.push(`#define ${name}(a, b, acc) ((int)${m(d)}(${U('acc')}, ${U('a')}, ${U('b')}))  /* ${d.id} */`);
      else lines.push(`#define ${name}(a, b) ((int)${m(d)}(${U('a')}, ${U('b')}))  /* ${d.id} */`);
    } else if ((SIMD_ALU_OPS as readonly string[]).includes(s.op)) {
      const name = `__builtin_pulp_${s.op}${lanes}`;
      lines.push(`#define ${name}(a, b) ${asType(resultType(lanes, UNSIGNED_ALU.has(s.op)), `${m(d)}(${U('a')}, ${U('b')})`)}  /* ${d.id} */`);
    }
  }
  const packlo = row((d) => d.simd?.op === 'packlo' && d.simd.width === 8, 'pv.packlo.b');
  const packhi = row((d) => d.simd?.op === 'packhi' && d.simd.width === 8, 'pv.packhi.b');
  lines.push(
    `/* pack4(x, y, z, t) = {x, y, z, t}, x in lane 0: ${packlo.id} then ${packhi.id} */`,
    `#define __builtin_pulp_pack4(x, y, z, t) ${asType('v4s', `${m(packhi)}(${m(packlo)}(0u, ${U('y')}, ${U('x')}), ${U('t')}, ${U('z')})`)}`,
  );
  const packh = byId('pv.pack.h');
  lines.push(`/* pack2(x, y) = {x, y}, x in lane 0: ${packh.id} */`, `#define __builtin_pulp_pack2(x, y) ${asType('v2s', `${m(packh)}(${U('y')}, ${U('x')})`)}`);
  return lines;
}

function scalarBuiltins(): string[] {
  const two = (name: string, id: string, type: string) => `#define __builtin_pulp_${name}(a, b) ((${type})${m(byId(id))}(${U('a')}, ${U('b')}))  /* ${id} */`;
  const one = (name: string, id: string, type: string) => `#define __builtin_pulp_${name}(a) ((${type})${m(byId(id))}(${U('a')}))  /* ${id} */`;
  const extracti = byId('p.extracti'), extractui = byId('p.extractui'), inserti = byId('p.inserti');
  return [
    '/* ---- scalar ---- */',
    two('maxsi', 'p.max', 'int'),
    two('maxusi', 'p.maxu', 'unsigned int'),
    two('minsi', 'p.min', 'int'),
    two('minusi', 'p.minu', 'unsigned int'),
    one('fl1', 'p.fl1', 'int'),
    one('ff1', 'p.ff1', 'int'),
    one('cnt', 'p.cnt', 'int'),
    one('clb', 'p.clb', 'int'),
    one('abs', 'p.abs', 'int'),
    '/* clip_r(x, bound): [-bound - 1, bound]; clipu_r(x, bound): [0, bound] (bound in a register) */',
    two('clip_r', 'p.clip', 'int'),
    two('clipu_r', 'p.clipu', 'int'),
    `/* bextract(x, size, off): bits [off + size - 1 : off], sign-extended (${extracti.id}; size, off constants) */`,
    `#define __builtin_pulp_bextract(x, size, off) ((int)${m(extracti)}(${U('x')}, (size) - 1, (off)))`,
    `#define __builtin_pulp_bextractu(x, size, off) ((unsigned int)${m(extractui)}(${U('x')}, (size) - 1, (off)))`,
    `/* binsert(dst, not_mask, src, mask, off): dst with the bits of mask replaced by src << off (${inserti.id}; the`,
    '   field is popcount(mask) bits at off: mask and off constants, mask contiguous as PULP GCC requires) */',
    `#define __builtin_pulp_binsert(dst, not_mask, src, mask, off) \\`,
    `  ((int)${m(inserti)}(${U('dst')}, ${U('src')}, __builtin_popcount((unsigned int)(mask)) - 1, (off)))`,
  ];
}

/** Mac&Load imm5 from the builtin's arguments: a = weights (W register, load W), b = activations. */
function imm5(): string {
  const I = MACLOAD_IMM;
  // Plain arithmetic (no ?:): mlinitspr pastes it into the asm text for GNU as to evaluate. Flags are 0 or 1.
  return `((((a_update) & 1) * ${I.loadW}) | (((b_update) & 1) * ${I.loadA}) | (((a_reg) & ${I.wMask}) << ${I.wShift}) | (((b_reg) & ${I.aMask}) << ${I.aShift}))`;
}

function macLoadBuiltins(): string[] {
  const lines = [
    '/* ---- Mac&Load (spec §4, §5.2) ---- */',
    '/* mlsdot<sign><lanes>_v3(a_update, b_update, a_reg, b_reg, ptr, acc): acc + dot(A[b_reg], W[a_reg]), then the',
    '   selected register reloads from the address in ptr (legacy mode), which the instruction advances by 4: ptr',
    '   is an lvalue. In status-based mode the address comes from the CSRs and ptr is left as it is. */',
  ];
  const rows = ALL_INSTRUCTIONS.filter((d) => d.macLoad && LANES_OF_WIDTH[d.macLoad.width] !== undefined);
  for (const d of rows) {
    const { sign, width } = d.macLoad!;
    lines.push(
      `#define __builtin_pulp_mlsdot${sign}${LANES_OF_WIDTH[width]}_v3(a_update, b_update, a_reg, b_reg, ptr, acc) \\`,
      `  ((int)${m(d)}(${U('acc')}, ptr, ${imm5()}))  /* ${d.id} */`,
    );
  }
  const init = row((d) => d.macLoad?.sign === 'sup' && d.macLoad.width === 8, 'the Mac&Load used to fill the NN-RF');
  const asmName = m(init).replace(/^FLEXV_/, 'FLEXV_ASM_');
  lines.push(
    `/* mlinitspr_v3(a_update, b_update, a_reg, b_reg, ptr): fills one NN-RF register, no sum (${init.id} with rd = x0);`,
    '   yields the advanced pointer. The flags and registers must be literal constants (pasted into the asm text). */',
    `#define __builtin_pulp_mlinitspr_v3(a_update, b_update, a_reg, b_reg, ptr) ({ \\`,
    `  __typeof__(ptr) __ml_p = (ptr); \\`,
    `  __asm__ volatile (${asmName}("x0", "%[p]", ${imm5()}) : [p] "+r" (__ml_p) : : "memory"); \\`,
    `  __ml_p; })`,
    '/* mlupdatespr_v3(ptr): the pointer after the last Mac&Load on it; mlassignspr_v3(ptr): a pointer for the next',
    '   ones. The Mac&Load macros above already advance their lvalue, so both are the pointer itself. */',
    '#define __builtin_pulp_mlupdatespr_v3(ptr) (ptr)',
    '#define __builtin_pulp_mlassignspr_v3(ptr) (ptr)',
  );
  return lines;
}

export function generateBuiltinsHeader(): string {
  const text = [
    '/* pulp_builtins.h: GENERATED by src/conformance/builtins.ts from the flexv instruction table. Do not edit. */',
    '/*',
    ' * The PULP GCC builtins (`__builtin_pulp_*`) used by PULP-NN and PULP-NN-mixed, as macros over flexv.h, for',
    ' * the stock riscv64-unknown-elf-gcc (-march=rv32imc -mabi=ilp32). Vector arguments are any 32-bit value;',
    ' * 4- and 2-lane results are v4s/v4u/v2s/v2u (compile with -flax-vector-conversions, as the PULP toolchain',
    ' * accepts mixed vector types), 8- and 16-lane results and dot products are 32-bit integers.',
    ' */',
    '#ifndef PULP_BUILTINS_H',
    '#define PULP_BUILTINS_H',
    '#include "flexv.h"',
    '',
    'typedef signed char v4s __attribute__((vector_size(4)));',
    'typedef unsigned char v4u __attribute__((vector_size(4)));',
    'typedef short v2s __attribute__((vector_size(4)));',
    'typedef unsigned short v2u __attribute__((vector_size(4)));',
    '',
    ...simdBuiltins(),
    '',
    ...scalarBuiltins(),
    '',
    ...macLoadBuiltins(),
    '',
    '#endif /* PULP_BUILTINS_H */',
    '',
  ].join('\n');
  // Two table rows answering one builtin (e.g. a second Mac&Load row with the same sign and width) is an error.
  const names = [...text.matchAll(/^#define (\w+)/gm)].map((m) => m[1]);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`pulp_builtins: ${dup} is defined twice`);
  return text;
}

export const BUILTINS_HEADER_PATH = fileURLToPath(new URL('../../sw/include/pulp_builtins.h', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(BUILTINS_HEADER_PATH, generateBuiltinsHeader());
  console.log(`wrote ${BUILTINS_HEADER_PATH}`);
}
