# RV32IM benchmark loop: xorshift32 + multiply-accumulate, ITERATIONS iterations of 12 instructions.
# Ends with a tohost store (stops the golden model), then writes the result word to stdout and exits
# (Linux system calls, for qemu-riscv32): the bench checks that both computed the same result.
  .section .text.init
  .globl _start
_start:
  la t0, iterations
  lw a0, 0(t0)
  li a1, 2463534242      # xorshift state
  li a2, 0               # accumulator
  li a3, 0x9e3779b9
1:
  slli t1, a1, 13
  xor a1, a1, t1
  srli t1, a1, 17
  xor a1, a1, t1
  slli t1, a1, 5
  xor a1, a1, t1
  mul t2, a1, a3
  add a2, a2, t2
  srai t3, a2, 3
  xor a2, a2, t3
#ifdef BRANCHY
  # A data-dependent branch splits the body into chained blocks (no block loops on itself).
  andi t4, a1, 1
  beqz t4, 3f
  addi a2, a2, 7
3:
#endif
  addi a0, a0, -1
  bnez a0, 1b
  la t0, result
  sw a2, 0(t0)
  li t1, 1
  la t0, tohost
  sw t1, 0(t0)
  # qemu only (the golden model stopped at the tohost store): print the result word, exit 0.
  li a7, 64
  li a0, 1
  la a1, result
  li a2, 4
  ecall
  li a7, 93
  li a0, 0
  ecall
2: j 2b

  .data
  .align 3
  .globl iterations
iterations: .word ITERATIONS
  .globl result
result: .word 0
  .section .tohost, "aw"
  .align 3
  .globl tohost
tohost: .word 0
  .word 0
