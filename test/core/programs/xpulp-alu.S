# XpulpV2 scalar extras (flexv assembler) with dependent chains so that results are forwarded: min/max,
# abs, clip, bit fields, bit counts, rotate, normalised add/sub, 16-bit multiplies with rounding,
# multiply-accumulate into a register written just before, immediate branches.
.option rvc
.globl _start
_start:
  li a0, -1234567
  li a1, 89
  p.abs a2, a0
  p.min a3, a2, a1
  p.maxu a4, a0, a3
  p.clip a5, a0, a1        # bound from a register
  p.clipi a6, a0, 8        # [-128, 127]
  p.clipui a7, a2, 12
  p.extract t0, a0, a1
  p.extracti t1, a0, 6, 9
  p.extractui t2, t1, 3, 2
  p.insert t3, a0, a1
  p.inserti t3, t2, 4, 20
  p.bseti t4, t3, 7, 3
  p.bclr t5, t4, a1
  p.ff1 t6, t5
  p.fl1 s0, t5
  p.clb s1, a0
  p.cnt s2, a0
  p.ror s3, a0, s2
  p.exths s4, s3
  p.extbz s5, s4
  p.avgu s6, a0, a1
  p.slet s7, a0, a1
  p.addNi s8, a0, a1, 3
  p.subuRNi s9, a0, a1, 4
  mv s10, a2
  p.addRN s10, a1, s9      # rd is an operand too
  li s11, 1000
  p.mac s11, a0, a1        # accumulator written just before
  p.msu s11, s11, a1
  p.mulsN t0, a0, a1, 3
  p.machhuNR t1, a0, s11, 5
  p.mulhhs t2, a0, a1
  p.macs t2, t2, a1
  li t3, 5
  p.beqimm t3, 5, 1f
  li t4, 99
1:
  p.bneimm t3, -3, 2f
  li t4, 98
2:
  la t1, tohost
  li t2, 1
  sw t2, 0(t1)
3: j 3b
.data
.align 3
.globl tohost
tohost: .word 0
