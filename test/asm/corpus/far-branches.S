# Conditional branches beyond ±4 KiB become the inverted branch over a jal (6 or 8 bytes).
  .option rvc
  .globl _start
_start:
  beq a0, a1, far
  beqz a0, far
  blt a2, a3, far
  bnez s0, far
  bnez t0, near
near:
  .option norvc
  beqz a0, far
  .option rvc
  .zero 5000
far:
  nop
  beq a0, a1, _start
  bgeu a4, a5, _start
  beqz a5, _start
  j _start
