/* Start-up for the bare-metal kernels: stack, zeroed .bss, main(), then the riscv-tests end: tohost = 1
   on a zero return, (status << 1) | 1 otherwise. */
  .section .text.init
  .globl _start
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  la sp, __stack_top
  la t0, __bss_start
  la t1, __bss_end
1:
  bgeu t0, t1, 2f
  sw zero, 0(t0)
  addi t0, t0, 4
  j 1b
2:
  call main
  beqz a0, 3f
  slli a0, a0, 1
  ori a0, a0, 1
  j 4f
3:
  li a0, 1
4:
  la t0, tohost
  sw a0, 0(t0)
5:
  j 5b

  .section .tohost, "aw", @progbits
  .align 3
  .globl tohost
tohost: .word 0
  .word 0
