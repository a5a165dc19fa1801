# Pipeline hazards: back-to-back dependencies (EX and WB forwarding), load-use, a load feeding a store
# and a branch, the divider stalling dependants, jumps and branches back to back, a 32-bit instruction
# straddling a word after a compressed one.
  .section .text.init
  .globl _start
_start:
  la s0, buf
  li a0, 3
  addi a1, a0, 4          # EX -> ID forward
  add a2, a1, a0          # EX and WB forward
  add a3, a2, a2
  sw a3, 0(s0)
  lw a4, 0(s0)
  addi a5, a4, 1          # load-use
  lw a6, 0(s0)
  sw a6, 4(s0)            # load feeds store data
  lw a7, 4(s0)
  beq a7, a3, 1f          # load feeds branch
  li a0, 99
1:
  li t0, 1000
  li t1, 7
  div t2, t0, t1
  addi t3, t2, 1          # waits for the divider
  rem t4, t0, t1
  mul t5, t4, t2          # divider result forwarded to the multiplier
  divu t6, t5, zero       # division by zero
  rem s1, t5, zero
  li s2, -2147483648
  li s3, -1
  div s4, s2, s3          # overflow
  rem s5, s2, s3
  j 2f
2: j 3f
3: jal ra, 4f
  j 5f
4: ret
5:
  c.nop
  lui s6, 0x12345         # 32-bit at a half-word boundary
  c.addi s6, 1
  addi s7, s6, 0x678
  li a5, 5
6: addi a5, a5, -1
  c.bnez a5, 6b
  lh s9, 2(s0)
  lbu s10, 3(s0)
  sb s10, 9(s0)
  sh s9, 11(s0)           # misaligned half across words
  lw s11, 8(s0)
  lw t0, 10(s0)
  add t1, t0, s11
  li t0, 1
  la t1, tohost
  sw t0, 0(t1)
7: j 7b
  .data
  .align 4
buf: .space 64
  .section .tohost, "aw"
  .align 2
  .globl tohost
tohost: .word 0
