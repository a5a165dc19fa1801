import { encode, instructionById, type OperandValues } from '../../src/isa/index.ts';
import { csrByName } from '../../src/isa/csrs.ts';
import { vecFormatOf } from '../../src/isa/vec-formats.ts';

/**
 * Assembly text of a mixed-precision kernel loop (8-bit activations x 4-bit weights, the spec §5.3
 * example) in status-based mode (format MIXED_4x8, skip 8): an outer hardware loop resets the Mac&Load
 * address streams, an inner one issues 8 Mac&Load instructions per step over A0/A1 x W0..W3 (4 MACs
 * each), loading the next weights and activations from the streams as it goes. The custom instructions
 * are emitted as `.word`s encoded by the ISA table, so stock GNU as assembles the file.
 */
export function mixedKernelSource(outer: number, inner: number): string {
  const w = (id: string, ops: OperandValues) => `  .word 0x${encode(instructionById(id)!, ops).toString(16)}  # ${id}`;
  const LOAD_A = 8, LOAD_W = 16;
  const macs = [
    w('pv.mlsdotsp.b', { rd: 10, rs1: 11, uimm: LOAD_W | (0 << 1) | 0 }), // acc0 += A0.W0, W0 <- weight stream
    w('pv.mlsdotsp.b', { rd: 12, rs1: 11, uimm: LOAD_W | (1 << 1) | 0 }),
    w('pv.mlsdotsp.b', { rd: 13, rs1: 11, uimm: LOAD_W | (2 << 1) | 0 }),
    w('pv.mlsdotsp.b', { rd: 14, rs1: 11, uimm: LOAD_W | (3 << 1) | 0 }),
    w('pv.mlsdotsp.b', { rd: 15, rs1: 9, uimm: LOAD_A | (0 << 1) | 1 }), // acc4 += A1.W0, A1 <- activation stream
    w('pv.mlsdotsp.b', { rd: 16, rs1: 9, uimm: (1 << 1) | 1 }),
    w('pv.mlsdotsp.b', { rd: 17, rs1: 9, uimm: (2 << 1) | 1 }),
    w('pv.mlsdotsp.b', { rd: 28, rs1: 9, uimm: LOAD_A | (3 << 1) | 0 }), // A0 <- activation stream
  ];
  const csr = (name: string) => csrByName(name)!.address;
  const csrw = (name: string, rs1: number) => w('csrrw', { rd: 0, csr: csr(name), rs1 });
  return `
  .option norvc
  .section .text.init
  .globl _start
_start:
  csrwi ${csr('sb_legacy')}, 0
  csrwi ${csr('ivec_fmt')}, ${vecFormatOf(8, 4)!.value}
  csrwi ${csr('ivec_skip_size')}, 8
  li t1, 4
${['macl_a_stride', 'macl_w_stride', 'macl_a_rollback', 'macl_w_rollback'].map((n) => csrw(n, 6)).join('\n')}
  la s2, acts
  la s3, wgts
  li t0, ${outer}
${w('lp.setup', { L: 1, rs1: 5, target: 4 * (3 + macs.length + 1) })}
${csrw('macl_a_address', 18)}
${csrw('macl_w_address', 19)}
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
