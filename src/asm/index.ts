/** Public entry of the assembler and disassembler. */
export { assemble, type AsmOptions, type AsmOutput, type AsmSymbol } from './assembler.ts';
export { toElf, archString } from './elf-out.ts';
export { disassemble, instructionText, AddressTracker, type DisasmOptions, type DisasmResult } from './disasm.ts';
export { listSection, makeSymbolizer, type ListingSymbol } from './listing.ts';
export { regName, parseReg } from './regs.ts';
export { csrName, csrAddress } from './csr-names.ts';
