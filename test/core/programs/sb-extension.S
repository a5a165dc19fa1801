# Revision 2, flexv's extension formats (spec §5.3, values 11..13: the activations are the narrower
# operand) and an address stream with rollback, self-checking (expected values worked out by hand below).
# Ends with tohost = 1, or 2n + 1 for failed check n.
  .section .text.init
  .globl _start
_start:
  csrwi sb_legacy, 0
  # --- MIXED_A4x8 (13): activations 4-bit (8 per word, R = 2), weights 8-bit (L = 4).
  csrwi ivec_fmt, 13
  csrwi ivec_skip_size, 1
  csrwi ivec_mixed_cycle, 0
  li a0, 0x87654321            # activation nibbles 1, 2, 3, 4 | 5, 6, 7, 8
  li a1, 0x04030201            # weight bytes 1, 2, 3, 4
  pv.dotup.b a2, a0, a1        # c = 0: 1*1 + 2*2 + 3*3 + 4*4 = 30, then c = 1
  li t0, 30
  li a7, 1
  bne a2, t0, fail
  pv.dotup.b a2, a0, a1        # c = 1: 5*1 + 6*2 + 7*3 + 8*4 = 70, then c = 0
  li t0, 70
  li a7, 2
  bne a2, t0, fail
  li a0, 0x0000f00f            # activation nibbles f, 0, 0, f (signed: -1, 0, 0, -1)
  li a1, 0xfd0302ff            # weight bytes -1, 2, 3, -3 (signed)
  li a2, 100
  pv.sdotsp.b a2, a0, a1       # c = 0: 100 + (-1)(-1) + 0 + 0 + (-1)(-3) = 104, then c = 1
  li t0, 104
  li a7, 3
  bne a2, t0, fail
  pv.sdotusp.b a2, a0, a1      # c = 1 (nibbles 4..7 are 0): 104 + 0, then c = 0
  li a7, 4
  bne a2, t0, fail
  csrwi ivec_mixed_cycle, 0
  pv.dotusp.b a2, a0, a1       # usp: activations unsigned: 15*(-1) + 15*(-3) = -60
  li t0, -60
  li a7, 5
  bne a2, t0, fail
  # --- MIXED_A2x4 (11): activations 2-bit (16 per word, R = 2), weights 4-bit (L = 8).
  csrwi ivec_fmt, 11
  csrwi ivec_skip_size, 2      # two dot products per sub-group
  csrwi ivec_mixed_cycle, 0    # (a format write resets the count, not the cycle)
  li a0, 0xffff5555            # crumbs 1 (x8) | 3 (x8)
  li a1, 0x11111111            # nibbles 1 (x8)
  pv.dotup.n a2, a0, a1        # c = 0: 8 * 1 = 8
  li t0, 8
  li a7, 6
  bne a2, t0, fail
  pv.dotup.n a2, a0, a1        # still c = 0 (skip 2): 8, then c = 1
  li a7, 7
  bne a2, t0, fail
  pv.dotsp.n a2, a0, a1        # c = 1: crumbs 3 signed = -1: -8
  li t0, -8
  li a7, 8
  bne a2, t0, fail
  csrr a3, ivec_mixed_cycle    # one step of two: still 1
  li t0, 1
  li a7, 9
  bne a3, t0, fail
  # --- MIXED_A2x8 (12) with Mac&Load: the weight stream visits 2 rows and rolls back.
  csrwi ivec_fmt, 12           # activations 2-bit (R = 4), weights 8-bit (L = 4)
  csrwi ivec_skip_size, 1
  csrwi ivec_mixed_cycle, 0
  la t1, acts
  csrw macl_a_address, t1
  la t1, wgts
  csrw macl_w_address, t1
  li t1, 8
  csrw macl_w_stride, t1       # row 0 -> row 1 (8 bytes apart)
  li t1, -4
  csrw macl_w_rollback, t1     # row 1 -> row 0 + 4
  li t1, 1
  csrw macl_w_skip, t1
  pv.mlsdotsup.b x0, zero, 8   # A0 <- acts[0]
  pv.mlsdotsup.b x0, zero, 16  # W0 <- wgts row 0 (address += 8)
  pv.mlsdotsup.b x0, zero, 18  # W1 <- wgts row 1 (rollback: address = wgts + 4)
  li a5, 0
  pv.mlsdotsup.b a5, zero, 0   # A0 . W0, c = 0: crumbs 1,1,1,1 x bytes 1,2,3,4 = 10; c = 1
  li t0, 10
  li a7, 10
  bne a5, t0, fail
  pv.mlsdotsup.b a5, zero, 2   # A0 . W1, c = 1: crumbs 2,2,2,2 (unsigned) x bytes 1,1,1,-1 = 2*2 = 4; 14
  li t0, 14
  li a7, 11
  bne a5, t0, fail
  csrr t2, macl_w_address      # wgts + 4
  la t1, wgts + 4
  li a7, 12
  bne t2, t1, fail
  csrr t2, macl_a_address      # acts + 0: the activation stride is 0
  la t1, acts
  li a7, 13
  bne t2, t1, fail
  csrr t2, ivec_mixed_cycle    # two counted Mac&Loads: c = 2
  li t0, 2
  li a7, 14
  bne t2, t0, fail
  csrwi sb_legacy, 1
  li t0, 1
  la t1, tohost
  sw t0, 0(t1)
1: j 1b
fail:
  csrwi sb_legacy, 1
  slli a7, a7, 1
  addi a7, a7, 1
  la t1, tohost
  sw a7, 0(t1)
2: j 2b
  .section .data
  .align 2
acts: .word 0x0000aa55        # crumb groups (L = 4): 1,1,1,1 | 2,2,2,2 | 0,0,0,0 | 0,0,0,0 (c = 0..3)
wgts: .word 0x04030201, 0x77777777, 0xff010101
  .section .tohost, "aw"
  .align 2
  .globl tohost
tohost: .word 0
