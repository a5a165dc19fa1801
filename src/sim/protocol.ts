/**
 * The request opcodes of the harness protocol (sim/harness.cpp). This table is the one place they are
 * defined: codegen.ts writes them into the generated C++ header.
 *
 *   POKE  u16 port, words            set an input (applied lazily: the model evaluates before a read)
 *   PEEK  u16 port                -> words, status      read a port (evaluates first if inputs changed)
 *   EVAL                             evaluate the model now
 *   STEP  u32 n                      n clock cycles (rising then falling edge each)
 *   BATCH u32 cycles, u16 nin, u16 nout, u16 in[nin], u16 out[nout], per cycle the input words
 *                                 -> per cycle the output words, status
 *   SYNC                          -> u64 simulation time, status
 *   QUIT                             finish the model, close the waveform and exit
 *   UNTIL u16 port, u32 max, words   clock until the port equals the value (checked before each cycle)
 *                                 -> u32 cycles run, u8 met, status
 *   TRACE u8 on                      start (1) or pause (0) writing the waveform
 *
 * Integers are little-endian; a port value is ceil(width/32) words of 32 bits, least significant first.
 * Every reply ends with one status byte: 0, or 1 once the design has executed `$finish`.
 */
export const Op = {
  POKE: 1,
  PEEK: 2,
  EVAL: 3,
  STEP: 4,
  BATCH: 5,
  SYNC: 6,
  QUIT: 7,
  UNTIL: 8,
  TRACE: 9,
} as const;

export type OpName = keyof typeof Op;

/** Status byte values ending every reply. */
export const Status = { OK: 0, FINISHED: 1 } as const;
