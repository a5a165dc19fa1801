# A hand-written RV32IMC program exercising labels, pseudo-instructions, relocations and data.
  .equ COUNT, 10
  .equ BIG, 0x12345
  .text
  .option rvc
  .globl _start
_start:
  li sp, 0x80010000
  li a0, COUNT
  li a1, -1
  li a2, BIG
  li a3, 0x800
  li a4, -2048
  li a5, 0x7ffff800
  la s0, table
  lla s1, tohost
  lui t0, %hi(table)
  addi t0, t0, %lo(table)
  lw t1, %lo(table)(t0)
3:
  auipc a6, %pcrel_hi(table + 8)
  lw a7, %pcrel_lo(3b)(a6)
  lw a7, table
  sw a7, %lo(tohost)(t0)
1:
  addi a0, a0, -1
  add a1, a1, a0
  sub a2, a2, a1
  bnez a0, 1b
  beqz a1, 2f
  blez a1, 2f
  bgt a1, a2, 2f
  ble a1, a2, 2f
  bgtu a1, a2, 2f
  bleu a1, a2, 2f
  bltz a1, 2f
  bgez a1, 2f
  bgtz a1, 2f
2:
  mv a3, a4
  not a3, a3
  neg a4, a3
  seqz a5, a4
  snez a5, a4
  sltz a5, a4
  sgtz a5, a4
  mul a0, a1, a2
  mulh a0, a1, a2
  div a0, a1, a2
  remu a0, a1, a2
  andi s0, s0, 15
  ori s1, s1, 1
  xori s1, s1, -1
  slli a0, a0, 3
  srli a0, a0, 3
  srai s0, s0, 2
  sw a0, 0(sp)
  sw a0, 60(sp)
  lw a1, 124(sp)
  sh a1, 2(s0)
  lbu a2, 1(s1)
  lw a3, 4(s1)
  sw a3, 8(s1)
  csrr a0, mstatus
  csrw mscratch, a0
  csrs mie, a1
  csrc mie, a1
  csrwi mtvec, 5
  csrsi mstatus, 8
  csrci mstatus, 8
  rdcycle t0
  rdinstret t1
  rdcycleh t2
  fence
  fence rw, w
  fence.i
  call func
  jal func
  j 3f
  tail func
3:
  jr a0
  jalr a1
  jalr ra, 4(a2)
  ecall
  ebreak
  .rept COUNT / 5
4:
  addi a0, a0, 1
  bnez a0, 4b
  .endr
  .align 4
func:
  addi sp, sp, -16
  sw ra, 12(sp)
  lw ra, 12(sp)
  addi sp, sp, 16
  ret
  .option norvc
  addi a0, a0, 1
  beqz a0, func
  .option rvc
  wfi
  mret

  .data
  .align 2
table:
  .word 1, 2, 3, table, func - _start
  .half 0x1234, -1
  .byte 1, 2, 'a', 0xff
  .ascii "abc"
  .asciz "line\n"
  .string "x\t\"y\""
  .balign 8
tohost: .word 0
  .word 0
  .zero 5
  .space 3, 0xaa
