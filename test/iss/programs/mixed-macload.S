.globl _start
_start:
  li t0, 0x14          # mpc: afmt 8-bit, wfmt 4-bit, skip 1
  csrw 0x7d0, t0
  la a0, acts
  la a1, wgts
  li a5, 0
  pv.mlsdotsp.m x0, a1, 16     # W0 <- [a1], a1 += 4
  pv.mlsdotsp.m x0, a0, 8      # A0 <- [a0], a0 += 4
  li a2, 2
  lp.setup 0, a2, end
  nop
end: pv.mlsdotsp.m a5, a0, 0
  # A0 = [1,-2,3,-4], W0 nibbles unsigned-as-signed [1..7,-8]: idx0: 1-4+9-16 = -10; idx1: 5-12+21+32 = 46 -> 36
  li t0, 36
  bne a5, t0, fail
  la t1, tohost
  li t2, 1
  sw t2, 0(t1)
1: j 1b
fail:
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
