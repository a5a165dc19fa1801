import type { Rng } from '../isa/random.ts';
import type { Emitter } from './emitter.ts';
import { DATA_BASE_REG, DATA_BYTES } from './roles.ts';
import { writeStreamAddress, writeStreamShape } from './status-csrs.ts';
import { isKnown, STREAMS, streamLoad, type StatusState, type StreamName, type StreamState } from './status-state.ts';

/** Highest word offset a Mac&Load stream may read (the load is one word). */
const LAST_WORD = DATA_BYTES - 4;

/** Offsets the next `n` loads of a known stream read, without changing it. */
function addresses(s: Required<StreamState>, n: number): number[] {
  const sim = { ...s };
  return Array.from({ length: n }, () => streamLoad(sim));
}

const inRegion = (offsets: number[]) => offsets.every((o) => o >= 0 && o <= LAST_WORD && (o & 3) === 0);

/**
 * Makes the Mac&Load streams safe for `loads` (the stream each coming load reads, in execution order) in
 * status-based mode: every address lands on a word of the data region. A stream whose shape is unknown gets
 * one; a stream that would leave the region, or whose address is unknown, gets a new start address (which
 * resets its counter), and so does a safe one now and then (a stream otherwise carries on, counter and all,
 * from the last group). A shape that cannot fit the region is replaced. The rollback / stride / skip and
 * reset cases come from these random choices.
 */
export function ensureStreams(e: Emitter, rng: Rng, st: StatusState, loads: readonly StreamName[]): void {
  for (const name of STREAMS) {
    const n = loads.filter((l) => l === name).length;
    if (n === 0) continue;
    const s = st.streams[name];
    const known = s.stride !== undefined && s.rollback !== undefined && s.skip !== undefined;
    if (!known || rng.int(0, 4) === 0) writeStreamShape(e, rng, st, name);
    if (isKnown(s) && inRegion(addresses(s, n)) && rng.int(0, 2) > 0) continue;
    // A new start: the displacements of n loads from a fresh counter must fit the region.
    for (let attempt = 0; ; attempt++) {
      const fresh = { ...s, address: 0, count: 0 } as Required<StreamState>;
      const d = addresses(fresh, n);
      const lo = Math.min(...d), hi = Math.max(...d);
      if (hi - lo <= LAST_WORD) {
        const start = -lo + 4 * rng.int(0, (LAST_WORD - (hi - lo)) >> 2);
        writeStreamAddress(e, rng, st, name, start, DATA_BASE_REG);
        break;
      }
      if (attempt > 20) throw new Error('randprog: no Mac&Load stream shape fits the data region');
      writeStreamShape(e, rng, st, name);
    }
  }
}

/** Advances the generator's streams past one executed Mac&Load load of `name` (status-based mode only). */
export function consumeLoad(st: StatusState, name: StreamName, e: Emitter): void {
  const s = st.streams[name];
  if (!isKnown(s)) throw new Error(`randprog: Mac&Load ${name} stream used while unknown`);
  if (s.count >>> 0 === s.skip >>> 0) e.facts.status.plannedRollbacks[name]++;
  const at = streamLoad(s);
  if (at < 0 || at > LAST_WORD) throw new Error(`randprog: Mac&Load ${name} stream left the data region (offset ${at})`);
  e.facts.status.streamLoads[name]++;
}
