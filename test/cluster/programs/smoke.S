# Cluster smoke test (SPMD): every core stores id + 1 into its own TCDM word, all meet at the hardware
# barrier, core 0 sums the words and checks n(n+1)/2, then writes the end-of-computation register
# (0 = pass). The other cores sleep for ever on an event wait with an empty mask.
.option rvc
.globl _start
_start:
  li s0, 0x10200000        # cluster peripherals
  lw s1, 0x0c(s0)          # core id
  lw s2, 0x00(s0)          # core count
  csrr t0, mhartid
  bne t0, s1, fail         # mhartid is the core id
  li s3, 0x10000000        # TCDM
  slli t0, s1, 2
  add t0, s3, t0
  addi t1, s1, 1
  sw t1, 0(t0)
  lw t2, 0x120(s0)         # barrier: arrive and sleep until all have arrived
  bnez s1, park
  li t3, 0
  mv t4, s3
  mv t5, s2
1:
  lw t6, 0(t4)
  add t3, t3, t6
  addi t4, t4, 4
  addi t5, t5, -1
  bnez t5, 1b
  addi t0, s2, 1
  mul t0, t0, s2
  srli t0, t0, 1
  bne t0, t3, fail
  sw zero, 0x08(s0)        # EOC, status 0: pass
park:
  lw t0, 0x10c(s0)         # event wait with an empty mask: sleep for ever
  j park
fail:
  li t0, 1
  sw t0, 0x08(s0)
  j park
