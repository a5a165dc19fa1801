import type { EmitCtx, Emitted, Semantic } from '../emit.ts';

/** RV32I, M, Zicsr, Zifencei and the machine-mode system instructions. Keyed by the ISA table's `id`. */

const code = (s: string): Emitted => ({ code: s });

function rr(f: (a: string, b: string) => string): Semantic {
  return (c) => code(c.setX(c.op('rd'), f(c.x(c.op('rs1')), c.x(c.op('rs2')))));
}
function ri(f: (a: string, imm: number) => string, immName = 'imm'): Semantic {
  return (c) => code(c.setX(c.op('rd'), f(c.x(c.op('rs1')), c.op(immName))));
}
function branch(cond: (a: string, b: string) => string): Semantic {
  return (c) => ({ code: '', branch: { cond: cond(c.x(c.op('rs1')), c.x(c.op('rs2'))), target: (c.pc + c.op('target')) | 0 } });
}
function load(size: 1 | 2 | 4, signed: boolean): Semantic {
  return (c) => {
    const v = c.tmp();
    return code(c.load(v, size, signed, `${c.x(c.op('rs1'))} + ${c.op('imm')}`) + c.setX(c.op('rd'), v));
  };
}
function store(size: 1 | 2 | 4): Semantic {
  return (c) => code(c.store(size, `${c.x(c.op('rs1'))} + ${c.op('imm')}`, c.x(c.op('rs2'))));
}
/** CSR access: `h.csrOp` does the read-modify-write, access checks and the trap. */
function csr(kind: 'w' | 's' | 'c', imm: boolean): Semantic {
  return (c) => {
    const src = imm ? String(c.op('uimm')) : c.x(c.op('rs1'));
    // csrrs/csrrc with x0 / uimm 0 do not write (a read-only CSR can be read with them).
    const writes = kind === 'w' || (imm ? c.op('uimm') !== 0 : c.op('rs1') !== 0);
    return {
      code: `npc = h.csrOp('${kind}', ${c.op('csr')}, ${src}, ${writes}, ${c.op('rd')}, ${c.pc}, ${c.size});\n`,
      serial: true,
    };
  };
}

export const RV32_SEMANTICS: Record<string, Semantic> = {
  lui: (c) => code(c.setX(c.op('rd'), String((c.op('imm') << 12) | 0))),
  auipc: (c) => code(c.setX(c.op('rd'), String((c.pc + (c.op('imm') << 12)) | 0))),
  jal: (c) => ({ code: c.setX(c.op('rd'), String(c.nextPc)), jump: String((c.pc + c.op('target')) | 0) }),
  jalr: (c) => {
    const t = c.tmp();
    return { code: `${t} = (${c.x(c.op('rs1'))} + ${c.op('imm')}) & -2;\n` + c.setX(c.op('rd'), String(c.nextPc)), jump: t };
  },
  beq: branch((a, b) => `${a} === ${b}`),
  bne: branch((a, b) => `${a} !== ${b}`),
  blt: branch((a, b) => `${a} < ${b}`),
  bge: branch((a, b) => `${a} >= ${b}`),
  bltu: branch((a, b) => `(${a} >>> 0) < (${b} >>> 0)`),
  bgeu: branch((a, b) => `(${a} >>> 0) >= (${b} >>> 0)`),
  lb: load(1, true),
  lh: load(2, true),
  lw: load(4, true),
  lbu: load(1, false),
  lhu: load(2, false),
  sb: store(1),
  sh: store(2),
  sw: store(4),
  addi: ri((a, i) => `(${a} + ${i}) | 0`),
  slti: ri((a, i) => `${a} < ${i} ? 1 : 0`),
  sltiu: ri((a, i) => `(${a} >>> 0) < ${i >>> 0} ? 1 : 0`),
  xori: ri((a, i) => `${a} ^ ${i}`),
  ori: ri((a, i) => `${a} | ${i}`),
  andi: ri((a, i) => `${a} & ${i}`),
  slli: ri((a, s) => `${a} << ${s}`, 'shamt'),
  srli: ri((a, s) => `(${a} >>> ${s}) | 0`, 'shamt'),
  srai: ri((a, s) => `${a} >> ${s}`, 'shamt'),
  add: rr((a, b) => `(${a} + ${b}) | 0`),
  sub: rr((a, b) => `(${a} - ${b}) | 0`),
  sll: rr((a, b) => `${a} << ${b}`),
  slt: rr((a, b) => `${a} < ${b} ? 1 : 0`),
  sltu: rr((a, b) => `(${a} >>> 0) < (${b} >>> 0) ? 1 : 0`),
  xor: rr((a, b) => `${a} ^ ${b}`),
  srl: rr((a, b) => `(${a} >>> ${b}) | 0`),
  sra: rr((a, b) => `${a} >> ${b}`),
  or: rr((a, b) => `${a} | ${b}`),
  and: rr((a, b) => `${a} & ${b}`),
  mul: rr((a, b) => `Math.imul(${a}, ${b})`),
  mulh: rr((a, b) => `A.mulh(${a}, ${b})`),
  mulhsu: rr((a, b) => `A.mulhsu(${a}, ${b})`),
  mulhu: rr((a, b) => `A.mulhu(${a}, ${b})`),
  div: rr((a, b) => `A.div(${a}, ${b})`),
  divu: rr((a, b) => `A.divu(${a}, ${b})`),
  rem: rr((a, b) => `A.rem(${a}, ${b})`),
  remu: rr((a, b) => `A.remu(${a}, ${b})`),
  fence: () => code(''),
  'fence.i': (c) => ({ code: `h.flushCode(); npc = ${c.nextPc};\n`, serial: true }),
  ecall: (c) => ({ code: `npc = h.ecall(${c.pc}, ${c.size});\n`, serial: true }),
  ebreak: (c) => ({ code: `npc = h.raise(3, ${c.pc}, ${c.pc}, ${c.size});\n`, serial: true }),
  mret: () => ({ code: `npc = h.mret();\n`, serial: true }),
  // No interrupt source wakes a single hart: wfi retires as a no-op (RISC-V allows this).
  wfi: (c) => ({ code: `npc = ${c.nextPc};\n`, serial: true }),
  csrrw: csr('w', false),
  csrrs: csr('s', false),
  csrrc: csr('c', false),
  csrrwi: csr('w', true),
  csrrsi: csr('s', true),
  csrrci: csr('c', true),
};

export type { EmitCtx };
