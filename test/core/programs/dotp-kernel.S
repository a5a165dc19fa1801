# A packed-SIMD kernel the way PULP code is written (flexv assembler): a hardware loop over 8-bit
# vectors loaded with post-increment, accumulated with pv.sdotsp.b, then 16-bit lanes, a shuffle and a
# clip of the results.
.option rvc
.globl _start
_start:
  la a0, va
  la a1, vb
  li a2, 0                 # accumulator
  li t0, 16
  lp.setup 0, t0, 1f
  p.lw t1, 4(a0!)
  p.lw t2, 4(a1!)
1: pv.sdotsp.b a2, t1, t2
  la a0, va
  p.lw t3, 4(a0!)
  p.lw t4, 4(a0!)
  pv.dotup.h a3, t3, t4
  pv.sdotusp.h a3, t3, t4
  pv.add.h a4, t3, t4
  pv.sub.sc.b a5, t3, t4
  pv.max.sci.h a6, a4, -5
  pv.shuffle.b a7, t3, t4
  pv.shufflei1.b.sci s0, t3, 27
  pv.cmpgt.b s1, t3, t4
  pv.extract.b s2, t3, 2
  pv.insert.h s2, t4, 1
  pv.packhi.b s2, t3, t4
  pv.sra.sci.h s3, a4, 3
  p.clip s4, a2, t0
  la t1, tohost
  li t2, 1
  sw t2, 0(t1)
2: j 2b
.data
.align 4
va: .byte 1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12, 13, -14, 15, -16
    .byte 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
    .byte -1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12, -13, -14, -15, -16
    .byte 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115
vb: .byte 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3
    .byte -3, -1, -4, -1, -5, -9, -2, -6, -5, -3, -5, -8, -9, -7, -9, -3
    .byte 2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5
    .byte 127, -128, 127, -128, 127, -128, 127, -128, 127, -128, 127, -128, 127, -128, 127, -128
.align 3
.globl tohost
tohost: .word 0
