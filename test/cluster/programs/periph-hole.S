# A program the RTL cluster and the golden model disagree on, to exercise the lockstep's FST window: every
# core reads an unmapped peripheral offset (0x40), which the RTL answers with 0 and the golden model treats
# as a bus error (docs/cluster.md, Known limits), after a loop that both agree on; then another
# loop, so the run goes on well past the mismatch.
.globl _start
_start:
  li s0, 0x10200000
  lw t0, 0x0c(s0)
  addi t1, t0, 1
  addi t1, t1, 2
  addi t1, t1, 3
  li t3, 20
warmup:
  addi t3, t3, -1
  bnez t3, warmup
  lw t2, 0x40(s0)
  li t3, 40
delay:
  addi t3, t3, -1
  bnez t3, delay
  li t1, 0
  sw t1, 0x08(s0)
park:
  j park
