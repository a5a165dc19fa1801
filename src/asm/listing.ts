import type { Config } from '../isa/types.ts';
import { AddressTracker, disassemble, instructionText } from './disasm.ts';

/** objdump -d style listings: address column, instruction bytes, text, label lines. */

export interface ListingSymbol {
  name: string;
  value: number;
  global: boolean;
}

/** Symbolizer: ` <sym>` / ` <sym+0x10>` from the nearest symbol at or below the address. */
export function makeSymbolizer(symbols: readonly ListingSymbol[]): (address: number) => string {
  const sorted = [...symbols].sort((a, b) => a.value - b.value || Number(b.global) - Number(a.global));
  return (address: number) => {
    let best: ListingSymbol | undefined;
    for (const s of sorted) {
      if (s.value > address) break;
      if (!best || s.value > best.value) best = s;
    }
    if (!best) {
      // Below every symbol: objdump counts back from the lowest one.
      if (!sorted.length) return '';
      return ` <${sorted[0].name}-0x${(sorted[0].value - address).toString(16)}>`;
    }
    const off = address - best.value;
    return off === 0 ? ` <${best.name}>` : ` <${best.name}+0x${off.toString(16)}>`;
  };
}

/** objdump's address column: leading zeros common to the section's addresses become spaces. */
function addressFormatter(start: number, size: number): (a: number) => string {
  const last = ((start + size) >>> 0).toString(16).padStart(8, '0');
  let skip = 0;
  while (skip < 8 && last[skip] === '0') skip++;
  if (skip === 8 && start !== 0) skip = 0;
  if (skip !== 0) skip = (skip - 1) & -4;
  return (a: number) => {
    const s = (a >>> 0).toString(16).padStart(8, '0').slice(skip);
    const trimmed = s.replace(/^0+/, '');
    return (trimmed || '0').padStart(s.length, ' ');
  };
}

export function listSection(
  name: string,
  start: number,
  bytes: Uint8Array,
  symbols: readonly ListingSymbol[],
  config: Config,
  /** Symbols for naming addresses (objdump uses those of every section); default: `symbols`. */
  allSymbols: readonly ListingSymbol[] = symbols,
  track = new AddressTracker(allSymbols.find((s) => s.name === '__global_pointer$')?.value),
): string[] {
  const symbolize = makeSymbolizer(allSymbols);
  const labels = new Map<number, string>();
  for (const s of [...symbols].sort((a, b) => Number(b.global) - Number(a.global))) {
    if (!labels.has(s.value)) labels.set(s.value, s.name);
  }
  const addr = addressFormatter(start, bytes.length);
  const out = ['', `Disassembly of section ${name}:`];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let off = 0;
  while (off < bytes.length) {
    const pc = (start + off) >>> 0;
    const label = labels.get(pc);
    if (label !== undefined) out.push('', `${pc.toString(16).padStart(8, '0')} <${label}>:`);
    if (off + 2 > bytes.length) {
      out.push(`${addr(pc)}:\t${bytes[off].toString(16).padStart(2, '0')}                  \t.byte\t0x${bytes[off].toString(16)}`);
      off += 1;
      continue;
    }
    const half = view.getUint16(off, true);
    const size = (half & 3) === 3 && off + 4 <= bytes.length ? 4 : 2;
    const word = size === 4 ? view.getUint32(off, true) : half;
    const r = disassemble(word, pc, { config, symbolize, track });
    const raw = size === 4 ? `${word.toString(16).padStart(8, '0')}          ` : `${half.toString(16).padStart(4, '0')}                `;
    out.push(`${addr(pc)}:\t${raw}\t${instructionText(r)}`);
    off += size;
  }
  return out;
}
