# Traps and CSRs: illegal instructions (32-bit, compressed, unknown CSR, write to a read-only CSR), ecall,
# ebreak (32-bit and compressed) with a handler that skips the instruction, mret, CSR set/clear/immediate
# forms, WARL fields (mtvec mode, mstatus), counters, mscratch, fence, fence.i, wfi.
  .section .text.init
  .globl _start
_start:
  la t0, handler
  csrw mtvec, t0
  csrr a0, mtvec
  li t1, 3
  csrs mtvec, t1          # mode 3 is reserved: keeps direct
  csrr a1, mtvec
  csrw mtvec, t0
  csrwi mscratch, 21
  csrrsi a2, mscratch, 8
  csrrci a3, mscratch, 1
  csrrw a4, mscratch, t1
  csrr a5, misa
  csrw misa, zero         # ignored
  csrr a6, mhartid
  csrr a7, mstatus
  csrsi mstatus, 8        # MIE
  csrr s2, mstatus
  csrr s3, minstret
  csrr s4, instret
  csrw minstret, zero
  csrr s5, minstret
  csrr s6, mcycle         # lockstep takes the core's cycle count
  csrr s7, marchid
  csrr s8, mvendorid
  csrr s9, mimpid
  csrc mstatus, 8
  csrr s10, mie
  csrwi mie, 8
  csrr s10, mie
  csrw mcountinhibit, 4
  csrr s11, minstret
  nop
  csrr s11, minstret
  csrw mcountinhibit, zero
  csrr s11, minstret
  ecall
  ebreak
  c.ebreak
  .word 0x0000007f        # illegal 32-bit (reserved major opcode)
  .word 0xffffffff        # illegal
  .2byte 0x0000           # illegal compressed (all zeros)
  .2byte 0x6081           # c.lui x1, 0 is reserved
  csrr t1, 0x7ff          # no such CSR
  csrw mvendorid, t1      # read-only CSR
  csrw cycle, t1          # read-only CSR
  csrr t1, mcause
  csrr t2, mepc
  csrr t3, mtval
  fence
  fence.i
  wfi
  li t0, 1
  la t1, tohost
  sw t0, 0(t1)
1: j 1b

  .align 2
handler:
  csrr t4, mcause
  csrr t5, mepc
  lhu t6, 0(t5)           # skip 2 or 4 bytes
  andi t6, t6, 3
  addi t5, t5, 2
  li s1, 3
  bne t6, s1, 2f
  addi t5, t5, 2
2:
  csrw mepc, t5
  mret

  .section .tohost, "aw"
  .align 2
  .globl tohost
tohost: .word 0
