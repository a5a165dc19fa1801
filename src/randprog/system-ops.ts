import { regName } from '../asm/index.ts';
import { CSRS, csrByName, encode, hasStatusBased, instructionsFor, type Config, type CsrDef, type CsrFeature, type InstrDef } from '../isa/index.ts';
import type { Rng } from '../isa/random.ts';
import type { Emitter } from './emitter.ts';
import { pickOperands } from './operands.ts';
import { HANDLER_REGS, WRITABLE } from './roles.ts';

/**
 * Revision 1's mixed-precision CSR: still in the table until the lead removes it, but revision 2 has no
 * such CSR, so random programs never touch its address.
 */

/** Does a configuration have a CSR's feature (spec §4: NN-RF with Mac&Load; §5: status-based, flexv)? */
export function hasCsrFeature(config: Config, feature: CsrFeature | undefined): boolean {
  if (feature === undefined) return true;
  if (feature === 'status-based') return hasStatusBased(config);
  return instructionsFor(config).some((d) => d.macLoad);
}

/** The CSRs a configuration has (random reads pick among them). */
export function legalCsrs(config: Config): CsrDef[] {
  return CSRS.filter((c) => hasCsrFeature(config, c.feature));
}

/** CSRs of the table a configuration lacks (their feature is absent): any access traps. */
export function absentFeatureCsrs(config: Config): CsrDef[] {
  return CSRS.filter((c) => !hasCsrFeature(config, c.feature));
}

/**
 * CSRs random code may write anywhere: they hold no state the program depends on. Not `mstatus`/`mie`/
 * `mtvec` (the trap handler), not the hardware-loop CSRs (a stray lpcount would loop back through old
 * code), not the counters (a cycle-count difference is not a core bug), not the status-based CSRs (mode,
 * format and Mac&Load streams are written by their own block, which keeps track of them).
 */
const FREELY_WRITABLE = ['mscratch', 'mepc', 'mcause', 'mtval'];

function writableCsrs(config: Config): number[] {
  return [...FREELY_WRITABLE.map((n) => csrByName(n)!), ...legalCsrs(config).filter((c) => c.feature === 'mac-load')].map((c) => c.address);
}

/**
 * A CSR instruction: a read of any legal CSR (rs1/uimm = 0 writes nothing), or a write of a freely
 * writable one, followed half of the time by a read of the same CSR (write-then-read hazard).
 */
export function emitCsr(e: Emitter, rng: Rng, def: InstrDef): void {
  const write = rng.int(0, 1) === 0;
  const csr = write ? rng.pick(writableCsrs(e.config)) : rng.pick(legalCsrs(e.config)).address;
  const source = def.operands.some((o) => o.name === 'rs1') ? 'rs1' : 'uimm';
  const v = pickOperands(def, rng, e.lastWritten, { csr });
  // csrrw/csrrwi always write; csrrs/csrrc with a zero source only read.
  if (!write && def.id !== 'csrrw' && def.id !== 'csrrwi') v[source] = 0;
  else if (!write) v.csr = rng.pick(writableCsrs(e.config));
  e.instr(def, v);
  if (write && rng.int(0, 1) === 0) e.raw(`csrr ${regName(rng.pick(WRITABLE))}, 0x${v.csr.toString(16)}`);
}

/** Instructions of other configurations: legal-looking words that must trap as illegal here. */
function foreignInstructions(config: Config): InstrDef[] {
  const mine = new Set(instructionsFor(config).map((d) => d.id));
  return instructionsFor('flexv').filter((d) => !mine.has(d.id) && d.size === 4);
}

/** A CSR address the table does not list (spec §2: any access traps). */
function unimplementedCsr(rng: Rng): number {
  const known = new Set(CSRS.map((c) => c.address));
  for (;;) {
    const a = rng.int(0, 0xfff);
    if (!known.has(a)) return a;
  }
}

/**
 * A deliberate trap: `ecall`, `ebreak`, `c.ebreak`, or an illegal instruction (the all-zero half-word,
 * an unimplemented CSR, a CSR of a feature the configuration lacks (the status-based CSRs on baseline and
 * xpulpnn, the NN-RF on baseline), a write to a read-only CSR, or an instruction of a larger configuration). The
 * handler skips the instruction and returns with `mret`.
 */
export function emitTrap(e: Emitter, rng: Rng, def?: InstrDef): void {
  if (def) {
    e.instr(def, {});
    return;
  }
  const rd = rng.pick(WRITABLE);
  const foreign = foreignInstructions(e.config);
  const absent = absentFeatureCsrs(e.config);
  switch (rng.int(0, foreign.length && absent.length ? 4 : 2)) {
    case 0:
      e.raw('.half 0x0000                # illegal: all-zero half-word');
      break;
    case 1:
      e.raw(`csrr ${regName(rd)}, 0x${unimplementedCsr(rng).toString(16)}   # illegal: no such CSR`);
      break;
    case 2: {
      const ro = rng.pick(legalCsrs(e.config).filter((c) => c.access === 'RO'));
      e.raw(`csrw 0x${ro.address.toString(16)}, ${regName(rd)}   # illegal: ${ro.name} is read-only`);
      break;
    }
    case 3: {
      const c = rng.pick(absent);
      const a = `0x${c.address.toString(16)}`;
      e.raw(`${rng.int(0, 1) ? `csrr ${regName(rd)}, ${a}` : `csrw ${a}, ${regName(rd)}`}   # illegal here: ${c.name}`);
      break;
    }
    default: {
      const d = rng.pick(foreign);
      const word = encode(d, pickOperands(d, rng, 0)) >>> 0;
      e.raw(`.word 0x${word.toString(16).padStart(8, '0')}    # illegal here: ${d.id}`);
    }
  }
}

/**
 * The trap handler: mepc += size of the trapping instruction (read from memory: low bits 11 mean 4
 * bytes), then mret. It reads mcause and mtval into its scratch registers so lockstep compares them.
 */
export function trapHandler(label: string): string[] {
  const [a, b] = HANDLER_REGS.map((r) => regName(r));
  return [
    '.align 2',
    `${label}:`,
    `csrr ${a}, mcause`,
    `csrr ${b}, mtval`,
    `csrr ${a}, mepc`,
    `lhu ${b}, 0(${a})`,
    `andi ${b}, ${b}, 3`,
    `addi ${b}, ${b}, -3`,
    `addi ${a}, ${a}, 2`,
    `bnez ${b}, ${label}_short`,
    `addi ${a}, ${a}, 2`,
    `${label}_short:`,
    `csrw mepc, ${a}`,
    'mret',
  ];
}
