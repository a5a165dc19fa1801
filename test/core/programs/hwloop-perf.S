# Zero-overhead check: 100 iterations of a 3-instruction body and 100 of a 1-instruction body, no hazards.
.option rvc
.globl _start
_start:
  li t0, 100
  lp.setup 0, t0, 1f
  addi a0, a0, 1
  addi a1, a1, 2
1: addi a2, a2, 3
  lp.setupi 1, 100, 2f
2: addi a3, a3, 1
  la t1, tohost
  li t2, 1
  sw t2, 0(t1)
3: j 3b
.data
.align 3
.globl tohost
tohost: .word 0
