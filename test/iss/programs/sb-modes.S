# Revision 2, status-based decoding from software: CSR rules, lane widths from ivec_fmt, the .sc form bit,
# mixed register dot products with the controller, and the illegal-instruction traps of spec §5.
# Failing check n reports tohost = 2n + 1 (n in s11).
  .globl _start
_start:
  la t0, handler
  csrw mtvec, t0
  li s10, 0                    # traps seen (the handler counts them and skips the instruction)
  # --- CSR rules (§5.1) ---
  li s11, 1
  csrr t0, sb_legacy           # reset value 1
  li t1, 1
  bne t0, t1, fail
  csrwi ivec_fmt, 13
  csrwi ivec_fmt, 14           # reserved: unchanged
  csrr t0, ivec_fmt
  li t1, 13
  bne t0, t1, fail
  li s11, 2
  li t0, -1
  csrw ivec_mixed_cycle, t0    # 3 bits
  csrr t1, ivec_mixed_cycle
  li t2, 7
  bne t1, t2, fail
  csrw ivec_skip_size, t0      # 5 bits
  csrr t1, ivec_skip_size
  li t2, 31
  bne t1, t2, fail
  # --- legacy decoding ignores ivec_fmt ---
  li s11, 3
  li a1, 0x11111111
  li a2, 0x22222222
  pv.dotup.b a0, a1, a2        # bytes: 4 x 17 x 34
  li t0, 2312
  bne a0, t0, fail
  # --- VEC_MODE32 traps every 0x57 / 0x77 word in status-based mode ---
  li s11, 4
  csrwi ivec_fmt, 0
  csrwi sb_legacy, 0
  pv.add.b a0, a1, a2
  pv.mlsdotsup.b a0, a1, 0
  li t0, 2
  bne s10, t0, fail
  # --- uniform 4-bit lanes (format 3): the .b row adds nibbles, .sc from funct3 bit 14 ---
  li s11, 5
  csrwi ivec_fmt, 3
  li a1, 0x0f0f0f0f
  li a2, 0x01010101
  pv.add.b a0, a1, a2          # nibbles 0xf + 1 wrap: 0
  bnez a0, fail
  li a2, 0x00000003
  pv.dotup.b.sc a0, a1, a2     # nibble 0 of a2 = 3 replicated: (15 + 0) x 3 x 4 = 180
  li t0, 180
  bne a0, t0, fail
  pv.dotup.n.sc a0, a1, a2     # funct3 011: bit 14 clear, the vector form: 15 x 3 = 45
  li t0, 45
  bne a0, t0, fail
  # --- mixed register dot product, format 12 (2-bit activations x 8-bit weights, R = 4), skip 2 ---
  li s11, 6
  csrwi ivec_fmt, 12
  csrwi ivec_skip_size, 2
  csrwi ivec_mixed_cycle, 0
  li a1, 0xe4e4e4e4            # crumbs [0, 1, 2, 3] in every byte (unsigned for dotusp)
  li a2, 0xff02fe01            # weight bytes signed [1, -2, 2, -1]
  li a0, 0
  pv.sdotusp.b a0, a1, a2      # c = 0: crumbs 0..3 = [0, 1, 2, 3]: 0 - 2 + 4 - 3 = -1
  pv.sdotusp.b a0, a1, a2      # c = 0 again (skip 2), then c -> 1
  li t0, -2
  bne a0, t0, fail
  csrr t0, ivec_mixed_cycle
  li t1, 1
  bne t0, t1, fail
  # .sc dot product under a mixed format: illegal
  li s11, 7
  pv.sdotusp.b.sc a0, a1, a2
  li t0, 3
  bne s10, t0, fail
  li t0, -2                    # the trapping instruction wrote nothing
  bne a0, t0, fail
  # lane move under 2-bit lanes (format 12's wider operand is 8-bit: allowed) and format 4: illegal
  li s11, 8
  li a1, 0x11223344
  pv.extractu.h a0, a1, 1      # 8-bit lanes: byte 1 = 0x33
  li t0, 0x33
  bne a0, t0, fail
  csrwi ivec_fmt, 4
  pv.extractu.h a0, a1, 1
  li t0, 4
  bne s10, t0, fail
  # --- back to legacy decoding ---
  li s11, 9
  csrwi sb_legacy, 1
  li a1, 0x11111111
  li a2, 0x22222222
  pv.dotup.n a0, a1, a2        # nibbles 1 x 2 x 8
  li t0, 16
  bne a0, t0, fail
  la t1, tohost
  li t2, 1
  sw t2, 0(t1)
1: j 1b
fail:
  csrwi sb_legacy, 1
  slli s11, s11, 1
  ori s11, s11, 1
  la t1, tohost
  sw s11, 0(t1)
  j 1b
  .align 2
handler:                       # illegal instruction: count it, check the cause, skip the instruction
  csrr t5, mcause
  li t6, 2
  bne t5, t6, fail
  addi s10, s10, 1
  csrr t5, mepc
  addi t5, t5, 4
  csrw mepc, t5
  mret
.data
.align 3
.globl tohost
tohost: .dword 0
