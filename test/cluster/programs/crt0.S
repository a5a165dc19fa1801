/* Start-up of the cluster test programs (SPMD): every core runs from _start; its stack is a slice of
   __stacks_top below by hart id; core 0 zeroes .bss while the others wait at the barrier; main(core id,
   core count) runs on every core. Core 0 then writes main's result to the end-of-computation register
   (0 = pass); every core ends asleep on an event wait with an empty mask. */
  .section .text.init
  .globl _start
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  csrr a0, mhartid
  la sp, __stacks_top
  slli t0, a0, 10
  sub sp, sp, t0
  li s0, 0x10200000
  bnez a0, 2f
  la t0, __bss_start
  la t1, __bss_end
1:
  bgeu t0, t1, 2f
  sw zero, 0(t0)
  addi t0, t0, 4
  j 1b
2:
  lw zero, 0x120(s0)        /* barrier: .bss is zero for everyone */
  csrr a0, mhartid
  lw a1, 0(s0)              /* core count */
  call main
  csrr t0, mhartid
  bnez t0, 3f
  sw a0, 8(s0)              /* end of computation with main's status */
3:
  lw zero, 0x10c(s0)
  j 3b
