import { csrByAddress } from '../isa/csrs.ts';
import type { Retirement } from './retire.ts';

const hex = (v: number, digits: number) => '0x' + (v >>> 0).toString(16).padStart(digits, '0');

/**
 * One line of a Spike-style commit log (`spike --log-commits`, RV32 widths):
 * `core   0: 0x80000000 (0x00000297) x5  0x80000000`, then ` c<num>_<name> <value>` per CSR write,
 * ` mem <addr>` per load beat and ` mem <addr> <data>` per store beat. Compressed instructions print 4
 * hex digits, as Spike does. Trapping instructions print `trap <cause>` and no writes.
 */
export function formatCommit(r: Retirement): string {
  let s = `core ${String(r.hart).padStart(3)}: ${hex(r.pc, 8)} (${hex(r.insn, r.size * 2)})`;
  if (r.trap >= 0) return `${s} trap ${r.trap}`;
  if (r.rd !== 0) s += ` x${String(r.rd).padEnd(2)} ${hex(r.rdValue, 8)}`;
  if (r.rs1Wb !== 0 && r.rs1Wb !== r.rd) s += ` x${String(r.rs1Wb).padEnd(2)} ${hex(r.rs1WbValue, 8)}`;
  for (let i = 0; i < r.csrCount; i++) {
    const c = r.csr[i];
    s += ` c${c.addr}_${csrByAddress(c.addr)?.name ?? 'unknown'} ${hex(c.value, 8)}`;
  }
  for (let i = 0; i < r.memCount; i++) {
    const m = r.mem[i];
    s += m.write ? ` mem ${hex(m.addr, 8)} ${hex(m.data, 8)}` : ` mem ${hex(m.addr, 8)}`;
  }
  return s;
}
