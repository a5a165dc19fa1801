// The string-form macros of sw/include/flexv.h (FLEXV_ASM_*, for the inside of asm statements) and the
// Mac&Load imm5 field macros: every macro is compiled by the stock GCC inside an asm statement with random
// immediates given as C constant expressions, and the object's words must decode (with the ISA table) to
// the same instruction, registers and immediates.
import { execa } from 'execa';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADER_PATH, MACLOAD_IMM, macroName } from '../../src/isa/gen-header.ts';
import { Rng, randomOperands } from '../../src/isa/random.ts';
import { ALL_INSTRUCTIONS, decodeWord } from '../../src/isa/table.ts';
import { csrByName } from '../../src/isa/csrs.ts';
import { MACLOAD_SIGNS } from '../../src/isa/signs.ts';
import { VEC_FORMATS, vecFormatOf } from '../../src/isa/vec-formats.ts';
import { requireTool } from '../../src/util/tools.ts';

const BUILD = join(process.cwd(), 'build', 'test-kernels');
const REGS: Record<string, [string, number]> = { rd: ['a0', 10], rs1: ['a1', 11], rs2: ['a2', 12], rs3: ['a3', 13] };
const asmName = (id: string) => macroName(ALL_INSTRUCTIONS.find((d) => d.id === id)!).replace(/^FLEXV_/, 'FLEXV_ASM_');

async function compileAndDecode(body: string): Promise<Map<string, number[]>> {
  const gcc = await requireTool('gcc');
  const objdump = await requireTool('objdump');
  mkdirSync(BUILD, { recursive: true });
  const src = join(BUILD, `asm-macros-${body.length}.c`);
  const obj = src.replace(/\.c$/, '.o');
  writeFileSync(src, `#include "flexv.h"\n${body}\n`);
  await execa(gcc, ['-march=rv32imc_zicsr', '-mabi=ilp32', '-O2', '-Wall', '-Werror', '-I', join(process.cwd(), 'sw/include'), '-c', src, '-o', obj]);
  const words = new Map<string, number[]>();
  let fn = '';
  for (const line of (await execa(objdump, ['-d', obj])).stdout.split('\n')) {
    const head = line.match(/^[0-9a-f]+ <(\w+)>:/);
    if (head) words.set((fn = head[1]!), []);
    const m = line.match(/^\s*[0-9a-f]+:\t([0-9a-f]{8})\s/);
    if (m && fn) words.get(fn)!.push(parseInt(m[1]!, 16));
  }
  return words;
}

describe('flexv.h string-form macros', () => {
  it('emit the table encoding of every custom instruction inside an asm statement', async () => {
    const header = readFileSync(HEADER_PATH, 'utf8');
    const custom = ALL_INSTRUCTIONS.filter((d) => ['xpulpv2', 'xpulpnn', 'flexv'].includes(d.ext) && !d.operands.some((o) => o.kind === 'pcrel') && header.includes(`#define ${asmName(d.id)}(`));
    expect(custom.length).toBeGreaterThan(390); // revision 2: XpulpV2 + XpulpNN rows (no .m forms)
    const rng = new Rng(0xa5);
    const want = new Map<string, { id: string; operands: Record<string, number> }>();
    const fns = custom.map((d, i) => {
      const values = randomOperands(d, rng);
      const operands: Record<string, number> = {};
      const args = d.operands.map((o) => {
        if (o.kind === 'xreg') {
          operands[o.name] = REGS[o.name]![1];
          return `"${REGS[o.name]![0]}"`;
        }
        operands[o.name] = values[o.name]!;
        // Immediates as constant expressions, so the macro must expand them before pasting; the loop number
        // names a register field (x0/x1) and must be a plain digit.
        return o.name === 'L' ? String(values[o.name]) : `(${values[o.name]! - 1} + 1)`;
      });
      want.set(`f${i}`, { id: d.id, operands });
      return `void f${i}(void) { __asm__ volatile (${asmName(d.id)}(${args.join(', ')}) ::: "memory"); }`;
    });
    const words = await compileAndDecode(fns.join('\n'));
    for (const [fn, w] of want) {
      const custom32 = words.get(fn)!.map((x) => decodeWord('flexv', x)).filter((d) => d && d.def.id === w.id);
      expect(custom32.length, `${fn} ${w.id}`).toBe(1);
      for (const [k, v] of Object.entries(w.operands)) expect(custom32[0]!.operands[k], `${w.id}.${k}`).toBe(v);
    }
  });

  it('build Mac&Load immediates from the NN-RF field macros (spec §4)', async () => {
    const cases: Array<[string, number]> = [];
    for (let a = 0; a < 2; a++) for (let w = 0; w < 4; w++) for (const load of ['', ' | FLEXV_NN_LOAD_A', ' | FLEXV_NN_LOAD_W']) {
      const imm = (a << MACLOAD_IMM.aShift) | (w << MACLOAD_IMM.wShift) | (load.includes('_A') ? 8 : load ? 16 : 0);
      cases.push([`FLEXV_NN_A(${a}) | FLEXV_NN_W(${w})${load}`, imm]);
    }
    // The spec's bit positions, independently of MACLOAD_IMM: A in bit 0, W in bits 2:1, load A 8, load W 16.
    expect(cases.map((c) => c[1])).toContain(1 | (3 << 1) | 16);
    const body = cases.map(([e], i) => `void g${i}(void) { __asm__ volatile (FLEXV_ASM_MLSDOTSUP_N("a0", "a1", ${e}) ::: "memory"); }`).join('\n');
    const words = await compileAndDecode(body);
    cases.forEach(([e, imm], i) => {
      const d = words.get(`g${i}`)!.map((x) => decodeWord('flexv', x)).find((x) => x?.def.id === 'pv.mlsdotsup.n');
      expect(d?.operands.uimm, e).toBe(imm);
    });
  });

  it('has no revision-1 macros (.m forms, mpc)', () => {
    const header = readFileSync(HEADER_PATH, 'utf8');
    expect(header).not.toMatch(/_M\(|FLEXV_CSR_MPC|FLEXV_MPC_/);
    for (const d of ALL_INSTRUCTIONS.filter((x) => x.ext === 'flexv')) expect(header).not.toContain(`#define ${macroName(d)}(`);
  });

  it('status-based mode: format, mode, skip and Mac&Load stream CSRs at the table addresses; status-based Mac&Load', async () => {
    const csr = (name: string) => csrByName(name)!.address;
    // Each function: [C statement, expected (instruction id, csr, uimm or rs1 register)].
    const cases: Array<[string, string, number, number]> = [
      ['FLEXV_LEGACY_MODE(0);', 'csrrwi', csr('sb_legacy'), 0],
      ['FLEXV_LEGACY_MODE(1);', 'csrrwi', csr('sb_legacy'), 1],
      ['FLEXV_SET_FORMAT(FLEXV_FMT(2, 8));', 'csrrwi', csr('ivec_fmt'), vecFormatOf(2, 8)!.value],
      ['FLEXV_SET_FORMAT(FLEXV_FMT_MIXED_4X8);', 'csrrwi', csr('ivec_fmt'), vecFormatOf(8, 4)!.value],
      ['FLEXV_SET_SKIP(31);', 'csrrwi', csr('ivec_skip_size'), 31],
      ['FLEXV_SET_MIXED_CYCLE(3);', 'csrrwi', csr('ivec_mixed_cycle'), 3],
      ...['a', 'w'].flatMap((s) => ['address', 'stride', 'rollback', 'skip'].map(
        (f): [string, string, number, number] => [`FLEXV_MACL_${s.toUpperCase()}_${f.toUpperCase()}(x);`, 'csrrw', csr(`macl_${s}_${f}`), 10])),
      ['return FLEXV_MACL_W_ADDRESS_READ();', 'csrrs', csr('macl_w_address'), 0],
    ];
    const fns = cases.map(([stmt], i) => `unsigned h${i}(unsigned x) { ${stmt} ${stmt.startsWith('return') ? '' : 'return x;'} }`);
    // FLEXV_FMT of every pair is the table's value.
    const pairs = VEC_FORMATS.filter((f) => f.act && f.wt);
    fns.push(`int fmts[] = { ${pairs.map((f) => `FLEXV_FMT(${f.act}, ${f.wt})`).join(', ')}, FLEXV_FMT(2, 16) };`);
    fns.push('unsigned sb(unsigned acc) { return FLEXV_SB_MLSDOTSUP(acc, FLEXV_NN_A(1) | FLEXV_NN_W(3) | FLEXV_NN_LOAD_W); }');
    const words = await compileAndDecode(fns.join('\n'));
    cases.forEach(([stmt, id, address, v], i) => {
      const d = words.get(`h${i}`)!.map((x) => decodeWord('flexv', x)).find((x) => x?.def.ext === 'zicsr');
      expect(d?.def.id, stmt).toBe(id);
      expect(d?.operands.csr, stmt).toBe(address);
      expect(id === 'csrrwi' ? d?.operands.uimm : d?.operands.rs1, stmt).toBe(v);
    });
    const sb = words.get('sb')!.map((x) => decodeWord('flexv', x)).find((x) => x?.def.macLoad);
    expect(MACLOAD_SIGNS[sb!.def.macLoad!.sign]).toEqual({ act: false, wt: true });
    expect([sb!.operands.rs1, sb!.operands.uimm]).toEqual([0, 1 | (3 << 1) | 16]);
  });

  it('FLEXV_FMT gives every format of the table and -1 for a pair without one', async () => {
    const gcc = await requireTool('gcc');
    const pairs = VEC_FORMATS.filter((f) => f.act && f.wt);
    const checks = pairs.map((f) => `_Static_assert(FLEXV_FMT(${f.act}, ${f.wt}) == ${f.value}, "${f.name}");`);
    checks.push('_Static_assert(FLEXV_FMT(2, 16) == -1, "none");');
    mkdirSync(BUILD, { recursive: true });
    const src = join(BUILD, 'fmt.c');
    writeFileSync(src, `#include "flexv.h"\n${checks.join('\n')}\n`);
    await execa(gcc, ['-march=rv32imc_zicsr', '-mabi=ilp32', '-fsyntax-only', '-I', join(process.cwd(), 'sw/include'), src]);
  });
});
