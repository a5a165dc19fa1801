import { encode, instructionById, type OperandValues } from '../../src/isa/index.ts';
import { CSR } from '../../src/iss/csr.ts';

/**
 * Assembly text of a mixed-precision kernel loop (8-bit activations x 4-bit weights, the spec §5 example):
 * an outer hardware loop resets the pointers, an inner one issues 8 Mac&Load instructions per step over
 * A0/A1 x W0..W3 (4 MACs each), loading the next weights and activations as it goes. The custom
 * instructions are emitted as `.word`s encoded by the ISA table, so stock GNU as assembles the file.
 */
export function mixedKernelSource(outer: number, inner: number): string {
  const w = (id: string, ops: OperandValues) => `  .word 0x${encode(instructionById(id)!, ops).toString(16)}  # ${id}`;
  const LOAD_A = 8, LOAD_W = 16;
  const macs = [
    w('pv.mlsdotsp.m', { rd: 10, rs1: 11, uimm: LOAD_W | (0 << 1) | 0 }), // acc0 += A0.W0, W0 <- [a1]
    w('pv.mlsdotsp.m', { rd: 12, rs1: 11, uimm: LOAD_W | (1 << 1) | 0 }),
    w('pv.mlsdotsp.m', { rd: 13, rs1: 11, uimm: LOAD_W | (2 << 1) | 0 }),
    w('pv.mlsdotsp.m', { rd: 14, rs1: 11, uimm: LOAD_W | (3 << 1) | 0 }),
    w('pv.mlsdotsp.m', { rd: 15, rs1: 9, uimm: LOAD_A | (0 << 1) | 1 }), // acc4 += A1.W0, A1 <- [s1]
    w('pv.mlsdotsp.m', { rd: 16, rs1: 9, uimm: (1 << 1) | 1 }),
    w('pv.mlsdotsp.m', { rd: 17, rs1: 9, uimm: (2 << 1) | 1 }),
    w('pv.mlsdotsp.m', { rd: 28, rs1: 9, uimm: LOAD_A | (3 << 1) | 0 }), // A0 <- [s1]
  ];
  // mpc: afmt 8-bit (0), wfmt 4-bit (1), skip 8: the weight sub-group advances after the 8 instructions.
  const mpc = 0 | (1 << 2) | (8 << 4);
  return `
  .option norvc
  .section .text.init
  .globl _start
_start:
  li t1, ${mpc}
  csrw ${CSR.mpc}, t1
  la s2, acts
  la s3, wgts
  li t0, ${outer}
${w('lp.setup', { L: 1, rs1: 5, target: 4 * (3 + macs.length + 1) })}
${w('addi', { rd: 9, rs1: 18, imm: 0 })}
${w('addi', { rd: 11, rs1: 19, imm: 0 })}
${w('lp.setupi', { L: 0, uimm: inner, target: 4 * macs.length })}
${macs.join('\n')}
${w('addi', { rd: 20, rs1: 20, imm: 1 })}
  la t0, result
  sw x10, 0(t0)
  la t0, tohost
  li t1, 1
  sw t1, 0(t0)
1: j 1b
  .data
  .align 4
acts: .fill ${inner * 2 + 2}, 4, 0x7f01fe80
wgts: .fill ${inner * 4 + 4}, 4, 0x89abcdef
result: .word 0
  .section .tohost, "aw"
  .align 3
  .globl tohost
tohost: .word 0
`;
}
