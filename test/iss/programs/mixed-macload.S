# Revision 2 (spec §5): status-based Mac&Load, 8-bit activations x 4-bit weights (MIXED_4x8, format 8),
# weights from the weight stream, activations from the activation stream, in a hardware loop.
.globl _start
_start:
  csrwi sb_legacy, 0
  csrwi ivec_fmt, 8            # MIXED_4x8: L = 4, R = 2
  csrwi ivec_skip_size, 1      # the weight sub-group advances after every counted Mac&Load
  la t0, acts
  csrw macl_a_address, t0
  la t0, wgts
  csrw macl_w_address, t0
  li t0, 4
  csrw macl_a_stride, t0
  csrw macl_w_stride, t0
  csrw macl_a_rollback, t0     # skip = 0: every update is a rollback update
  csrw macl_w_rollback, t0
  li a5, 0
  pv.mlsdotsup.b x0, a1, 16    # W0 <- wgts[0] (rd = x0: no sum, not counted)
  pv.mlsdotsup.b x0, a0, 8     # A0 <- acts[0]
  li a2, 2
  lp.setup 0, a2, end
  nop
end: pv.mlsdotsup.b a5, a0, 0  # a5 += A0 . W0 (sub-group c), c advances
  # sup = activations unsigned x weights signed. A0 bytes unsigned [1, 254, 3, 252];
  # W0 nibbles signed [1, 2, 3, 4, 5, 6, 7, -8].
  # c = 0: 1*1 + 254*2 + 3*3 + 252*4 = 1526; c = 1: 1*5 + 254*6 + 3*7 + 252*-8 = -466; sum 1060.
  li t0, 1060
  bne a5, t0, fail
  csrr t0, ivec_mixed_cycle    # two advances with R = 2: back to 0
  bnez t0, fail
  csrr t0, macl_w_address      # one weight load: wgts + 4
  la t1, wgts + 4
  bne t0, t1, fail
  csrr t0, macl_a_address      # one activation load: acts + 4
  la t1, acts + 4
  bne t0, t1, fail
  csrwi sb_legacy, 1
  la t1, tohost
  li t2, 1
  sw t2, 0(t1)
1: j 1b
fail:
  csrwi sb_legacy, 1
  la t1, tohost
  li t2, 3
  sw t2, 0(t1)
  j 1b
.data
.align 2
acts: .word 0xfc03fe01
wgts: .word 0x87654321
.align 3
.globl tohost
tohost: .dword 0
