.option rvc
.globl _start
_start:
  li a0, 0
  li a1, 10
1: add a0, a0, a1
  addi a1, a1, -1
  bnez a1, 1b
  li t0, 55
  bne a0, t0, fail
  li a2, 3
  lp.setup 0, a2, end
  addi a0, a0, 1
end: addi a0, a0, 1
  li t0, 61
  bne a0, t0, fail
  la t1, tohost
  li t2, 1
  sw t2, 0(t1)
2: j 2b
fail:
  la t1, tohost
  li t2, 3
  sw t2, 0(t1)
  j 2b
.data
.align 3
.globl tohost
tohost: .dword 0
