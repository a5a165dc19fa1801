  .section .text.init
  .globl _start
_start:
  li a0, 5
  li a1, 7
  add a2, a0, a1
  mul a3, a2, a1
  div a4, a3, a0
  c.addi a4, 3
  la t0, data
  sw a4, 0(t0)
  lw a5, 0(t0)
  lh a6, 1(t0)
  sw a3, 3(t0)
  lw t1, 3(t0)
  lw t3, 4(t0)            # byte 7 is still the initial data (the lockstep test corrupts it)
  li t2, 10
1: addi t2, t2, -1
  bnez t2, 1b
  li t0, 1
  la t1, tohost
  sw t0, 0(t1)
2: j 2b
  .data
data: .word 0x11223344, 0x55667788
  .section .tohost, "aw"
  .globl tohost
tohost: .word 0
