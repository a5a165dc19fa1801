# Revision 2: a Mac&Load executed under format 0 in status-based mode is an illegal instruction (spec §5.2)
# and must not touch memory. The activation stream points at address 0, outside the memory map: a core that
# still issued the trapped load would stop on a bus error there (random lockstep found exactly that).
# Ends with tohost = 1, or 2n + 1 for failed check n.
  .section .text.init
  .globl _start
_start:
  la t0, handler
  csrw mtvec, t0
  li s0, 0                     # traps taken
  csrwi ivec_fmt, 0
  csrw macl_a_address, zero    # a load would read address 0
  csrwi sb_legacy, 0
  pv.mlsdotsup.b a0, zero, 8   # loads A0 from the activation stream: traps instead
  csrwi sb_legacy, 1
  li a7, 1
  li t0, 1
  bne s0, t0, fail             # exactly one trap
  li a7, 2
  csrr t1, macl_a_address
  bnez t1, fail                # the stream did not advance
  li t0, 1
  la t1, tohost
  sw t0, 0(t1)
1: j 1b
fail:
  slli a7, a7, 1
  addi a7, a7, 1
  la t1, tohost
  sw a7, 0(t1)
2: j 2b
handler:
  addi s0, s0, 1
  csrr t3, mepc
  addi t3, t3, 4
  csrw mepc, t3
  mret
  .section .tohost, "aw"
  .align 2
  .globl tohost
tohost: .word 0
