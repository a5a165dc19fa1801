# The last instruction of a hardware-loop body is something other than straight-line code: fence.i, mret,
# a taken branch, a jump (the loop end wins over each: GVSoC), and traps (ecall, ebreak, an illegal word):
# a trapping instruction ends no loop (no count decrement), the handler returns past it.
.option rvc
.globl _start
_start:
  la t0, handler
  csrw mtvec, t0
  li a0, 0
  li a1, 3
  lp.setup 0, a1, 1f       # fence.i at the end: 3 iterations
  addi a0, a0, 1
1: fence.i
  li a1, 2
  lp.setup 0, a1, 2f       # taken branch at the end: the loop end wins
  addi a0, a0, 10
2: beq x0, x0, 3f
3: li a1, 2
  lp.setup 0, a1, 4f       # jump at the end
  addi a0, a0, 100
4: jal x0, 5f
5: la t0, after_mret
  csrw mepc, t0
  li a1, 2
  lp.setup 0, a1, end_mret # mret at the end: back to lpstart, then to mepc on the last iteration
  addi a0, a0, 7
end_mret: mret
after_mret:
  li a1, 3
  lp.setup 0, a1, 6f       # ecall at the end: trap, no decrement; the handler skips it (mepc + 4)
  addi a0, a0, 1000
6: ecall
  csrr s0, 0x7c2           # lpcount0 left by the trap
  csrwi 0x7c2, 0
  li a1, 2
  lp.setup 0, a1, 7f       # illegal word at the end
  addi a0, a0, 3
7: .word 0
  csrr s1, 0x7c2
  csrwi 0x7c2, 0
  li a1, 2
  lp.setup 1, a1, 8f       # ebreak ending loop 1
  addi a0, a0, 5
8: ebreak
  csrr s2, 0x7c6
  csrwi 0x7c6, 0
  # self-check: 3 + 2*10 + 2*100 + 2*7 + 1000 + 3 + 5, and the counts the traps left untouched
  li t2, 3                 # tohost = 3: FAIL test 1
  li t3, 1245
  bne a0, t3, done
  li t3, 3
  bne s0, t3, done
  li t3, 2
  bne s1, t3, done
  bne s2, t3, done
  li t2, 1
done:
  la t1, tohost
  sw t2, 0(t1)
9: j 9b
.align 2
handler:
  csrr t3, mepc
  lhu t4, 0(t3)
  andi t4, t4, 3
  addi t3, t3, 2
  addi t4, t4, -3
  bnez t4, 1f
  addi t3, t3, 2
1: csrw mepc, t3
  mret
.data
.align 3
.globl tohost
tohost: .word 0
