# XpulpV2 hardware loops (flexv assembler): lp.setup/lp.setupi, the split forms (starti/endi/count[i]),
# nested loops ending on different and on the same instruction, a one-instruction body, a body ending on
# a compressed instruction, a loop count from a register, loop registers read back as CSRs.
.option rvc
.globl _start
_start:
  li a0, 0
  li a1, 5
  lp.setup 0, a1, 1f
  addi a0, a0, 3
1: addi a0, a0, 1          # 5 x 4 = 20
  lp.setupi 0, 7, 2f
2: addi a0, a0, 2          # one-instruction body: + 14
  li t0, 3
  lp.setupi 1, 4, 4f       # outer: 4 iterations
  li a2, 0
  lp.setup 0, t0, 3f       # inner: 3 iterations
  addi a2, a2, 1
3: c.addi a0, 1            # inner body ends on a compressed instruction
4: add a0, a0, a2          # outer end
  lp.counti 1, 2
  lp.starti 1, 5f
  lp.endi 1, 6f
  li a3, 0
5: addi a3, a3, 5
6: addi a3, a3, 7           # split setup: 2 iterations
  li t1, 2
  lp.setupi 1, 3, 8f
  lp.setup 0, t1, 8f       # both loops end on one instruction
  addi a4, a4, 1
8: addi a5, a5, 1
  csrr s0, 0x7c0           # lpstart0
  csrr s1, 0x7c1
  csrr s2, 0x7c2
  csrr s3, 0x7c6
  csrwi 0x7c2, 0
  la t1, tohost
  li t2, 1
  sw t2, 0(t1)
9: j 9b
.data
.align 3
.globl tohost
tohost: .word 0
