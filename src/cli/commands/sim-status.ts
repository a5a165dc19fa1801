/**
 * The end of a run as `flexv run` reports it: exit 0 when tohost = 1 (or EOC = 0); 1 for a failing test or
 * another status; 2 for a bus error or the cycle limit.
 */
export function programStatus(reason: string, value: number, instret: number): { message: string; exitCode: number } {
  const v = value >>> 0;
  if (reason === 'tohost' || reason === 'eoc') {
    if (v === 1 || (reason === 'eoc' && v === 0)) return { message: `PASS (${instret} instructions)`, exitCode: 0 };
    if (reason === 'tohost' && (v & 1) === 1) return { message: `FAIL: test ${v >>> 1} (tohost = ${v}, ${instret} instructions)`, exitCode: 1 };
    return { message: `FAIL: ${reason} = ${v} (${instret} instructions)`, exitCode: 1 };
  }
  if (reason === 'limit') return { message: `error: cycle limit reached after ${instret} instructions`, exitCode: 2 };
  return { message: `error: access outside the memory map at 0x${v.toString(16)} (${instret} instructions)`, exitCode: 2 };
}
