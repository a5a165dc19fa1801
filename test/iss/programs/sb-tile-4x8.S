# Revision 2, status-based mode: the PULP-NN-mixed 4 output channels x 2 pixels Mac&Load tile on
# 8-bit unsigned activations x 4-bit signed weights (format MIXED_4x8, pv.mlsdotsup), K = 16, with both
# address streams and the mixed-precision controller (skip 8: one sub-group per 8 Mac&Loads, R = 2).
# The 8 sums are checked against a scalar reference computed by this program with lbu/mul.
  .globl _start
_start:
  csrwi sb_legacy, 0
  csrwi ivec_fmt, 8            # MIXED_4x8: L = 4 products, the weight word holds R = 2 sub-groups
  csrwi ivec_skip_size, 8
  # Activation stream: pixel 0 word s, pixel 1 word s, pixel 0 word s + 1, ...
  la t0, acts
  csrw macl_a_address, t0
  li t0, 16
  csrw macl_a_stride, t0
  li t0, 4 - 16
  csrw macl_a_rollback, t0
  csrwi macl_a_skip, 1
  # Weight stream: channel 0..3 word j, then channel 0 word j + 1.
  la t0, wgts
  csrw macl_w_address, t0
  li t0, 8
  csrw macl_w_stride, t0
  li t0, 4 - 3 * 8
  csrw macl_w_rollback, t0
  csrwi macl_w_skip, 3
  # Preload (rd = x0: no sum, not counted): W0..W3, A0.
  pv.mlsdotsup.b x0, x0, 16
  pv.mlsdotsup.b x0, x0, 18
  pv.mlsdotsup.b x0, x0, 20
  pv.mlsdotsup.b x0, x0, 22
  pv.mlsdotsup.b x0, x0, 8
  li a0, 0
  li a1, 0
  li a2, 0
  li a3, 0
  li a4, 0
  li a5, 0
  li a6, 0
  li a7, 0
  li t0, 2
  lp.setup 0, t0, step_end
  # even step: sub-group c = 0 of the weights
  pv.mlsdotsup.b x0, x0, 9     # A1 <- pixel 1
  pv.mlsdotsup.b a0, x0, 0     # ch0 px0 += A0.W0
  pv.mlsdotsup.b a2, x0, 2     # ch1 px0
  pv.mlsdotsup.b a4, x0, 4     # ch2 px0
  pv.mlsdotsup.b a6, x0, 14    # ch3 px0, A0 <- next pixel 0 word
  pv.mlsdotsup.b a1, x0, 1     # ch0 px1 += A1.W0
  pv.mlsdotsup.b a3, x0, 3
  pv.mlsdotsup.b a5, x0, 5
  pv.mlsdotsup.b a7, x0, 7
  # odd step: sub-group c = 1; the weights are reloaded after their last use
  pv.mlsdotsup.b x0, x0, 9
  pv.mlsdotsup.b a0, x0, 0
  pv.mlsdotsup.b a2, x0, 2
  pv.mlsdotsup.b a4, x0, 4
  pv.mlsdotsup.b a6, x0, 14
  pv.mlsdotsup.b a1, x0, 17    # W0 <- next word of channel 0
  pv.mlsdotsup.b a3, x0, 19
  pv.mlsdotsup.b a5, x0, 21
step_end:
  pv.mlsdotsup.b a7, x0, 23
  csrwi sb_legacy, 1           # back to legacy decoding for the checks
  la t0, res
  sw a0, 0(t0)
  sw a1, 4(t0)
  sw a2, 8(t0)
  sw a3, 12(t0)
  sw a4, 16(t0)
  sw a5, 20(t0)
  sw a6, 24(t0)
  sw a7, 28(t0)
  # The controller advanced 4 times (R = 2): c = 0. The weight stream ends at channel 0 word 3.
  li s11, 2
  csrr t0, ivec_mixed_cycle
  bnez t0, fail
  li s11, 3
  csrr t0, macl_w_address
  la t1, wgts + 12
  bne t0, t1, fail
  # Scalar reference: res[2 * o + p] = sum over k of acts[16 p + k] (unsigned) x nibble k of channel o (signed).
  li s11, 4
  li s0, 0
ref_o:
  li s1, 0
ref_p:
  li s2, 0
  li s3, 0
ref_k:
  slli t0, s1, 4
  add t0, t0, s3
  la t1, acts
  add t0, t0, t1
  lbu t2, 0(t0)
  slli t0, s0, 3
  srli t1, s3, 1
  add t0, t0, t1
  la t1, wgts
  add t0, t0, t1
  lbu t3, 0(t0)
  andi t1, s3, 1
  slli t1, t1, 2
  srl t3, t3, t1
  slli t3, t3, 28
  srai t3, t3, 28
  mul t2, t2, t3
  add s2, s2, t2
  addi s3, s3, 1
  li t0, 16
  blt s3, t0, ref_k
  slli t0, s0, 1
  add t0, t0, s1
  slli t0, t0, 2
  la t1, res
  add t0, t0, t1
  lw t1, 0(t0)
  bne t1, s2, fail
  addi s1, s1, 1
  li t0, 2
  blt s1, t0, ref_p
  addi s0, s0, 1
  li t0, 4
  blt s0, t0, ref_o
  # The reference is not trivially zero: channel 0, pixel 0 by hand is 1*7 + 200*-8 + 17*1 + 255*-1
  # + 3*2 + 128*2 + 64*-3 + 9*4 + 250*5 + 30*-6 + 77*6 + 5*-7 + 190*0 + 44*3 + 2*1 + 99*-2 = -292.
  li s11, 5
  lw t0, res
  li t1, -292
  bne t0, t1, fail
  la t1, tohost
  li t2, 1
  sw t2, 0(t1)
1: j 1b
fail:
  csrwi sb_legacy, 1
  slli s11, s11, 1
  ori s11, s11, 1
  la t1, tohost
  sw s11, 0(t1)
  j 1b
.data
.align 2
acts:   # pixel 0, then pixel 1 (16 unsigned bytes each)
  .byte 1, 200, 17, 255, 3, 128, 64, 9, 250, 30, 77, 5, 190, 44, 2, 99
  .byte 12, 0, 255, 31, 100, 7, 66, 254, 8, 140, 23, 91, 5, 201, 60, 129
wgts:   # channel o: 16 signed nibbles, nibble k in byte k / 2, low nibble first
  .byte 0x87, 0xf1, 0x22, 0x4d, 0xa5, 0x96, 0x30, 0xe1
  .byte 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0
  .byte 0xff, 0x00, 0x80, 0x7f, 0x11, 0xee, 0x3c, 0xc3
  .byte 0x5a, 0xa5, 0x69, 0x96, 0x0f, 0xf0, 0x42, 0x24
  .byte 0, 0, 0, 0, 0, 0, 0, 0    # read by the last (unused) weight reload
res: .space 32
.align 3
.globl tohost
tohost: .dword 0
