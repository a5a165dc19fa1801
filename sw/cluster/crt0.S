/* Start-up of the SPMD cluster kernels: every hart sets gp and its own stack (cluster_stacks, one slice of
   cluster_stack_bytes per hart, in the TCDM) and calls main, which ends the run (EOC) or sleeps. No .bss
   clearing: the loader zero-fills it, and a hart clearing it while others run would race. */
  .section .text.init
  .globl _start
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  csrr t0, mhartid
  addi t0, t0, 1
  la t1, cluster_stack_bytes
  lw t1, 0(t1)
  mul t0, t0, t1
  la sp, cluster_stacks
  add sp, sp, t0
  call main
1:
  j 1b
