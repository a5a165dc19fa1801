# A failing SPMD program: core 0 writes status 5 to the end-of-computation register (any status but 0 or 1
# is a failure for flexv sim/cosim); the other cores park on an event wait with an empty mask.
.globl _start
_start:
  li s0, 0x10200000
  lw t0, 0x0c(s0)
  bnez t0, park
  li t1, 5
  sw t1, 0x08(s0)
park:
  lw t0, 0x10c(s0)
  j park
