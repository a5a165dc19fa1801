# XpulpV2 memory accesses (assembled by flexv's own assembler): post-increment loads and stores walking
# an array back to back (the written-back base is forwarded to the next access), register offsets,
# rd = rs1 (the loaded value wins), misaligned post-increment accesses, x0 as the offset register.
.option rvc
.globl _start
_start:
  la a0, src
  la a1, dst
  li t0, 8
1:
  p.lw t1, 4(a0!)
  p.sw t1, 4(a1!)
  addi t0, t0, -1
  bnez t0, 1b
  la a0, src
  p.lh t2, 2(a0!)
  p.lbu t3, 1(a0!)
  p.lhu t4, 3(a0!)        # a0 odd: misaligned half
  p.lw t5, 4(a0!)         # misaligned word, split in two beats
  la a2, src
  li a3, 6
  p.lw s0, a3(a2)         # register offset
  p.lb s1, a3(a2!)        # register offset, post-increment
  p.lh s2, a3(a2!)
  la a2, src
  p.lw a2, 8(a2!)         # rd = rs1: the loaded value wins
  la a4, dst
  li a5, 12
  p.sw t5, a5(a4)         # store with register offset (rs3)
  p.sh t4, a5(a4!)        # and post-increment
  p.sb t3, x0(a4!)
  p.sw s0, a5(a4!)        # misaligned (a4 odd)
  lw s3, 0(a4)
  addi s4, a4, 1          # the post-incremented base forwarded to an ALU instruction
  la a1, dst
  lw s5, 12(a1)
  lw s6, 16(a1)
  la t1, tohost
  li t2, 1
  sw t2, 0(t1)
2: j 2b
.data
.align 4
src: .word 0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c, 0x13121110, 0x17161514, 0x1b1a1918, 0x1f1e1d1c
     .word 0x23222120, 0x27262524, 0x2b2a2928, 0x2f2e2d2c
dst: .space 96
.align 3
.globl tohost
tohost: .word 0
