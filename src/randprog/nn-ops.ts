import { withLabel } from './control-ops.ts';
import { instructionById, instructionsFor, type InstrDef, type OperandValues } from '../isa/index.ts';
import type { Rng } from '../isa/random.ts';
import type { Emitter } from './emitter.ts';
import { pickOperands } from './operands.ts';
import { DATA_BYTES, POINTERS } from './roles.ts';
import type { StatusState, StreamName } from './status-state.ts';
import { consumeLoad, ensureStreams } from './status-streams.ts';
import { knowMode } from './status-csrs.ts';

/** Mac&Load `imm5` fields (spec §4): [0] A select, [2:1] W select, [3] load A, [4] load W. */
export const macLoadFields = (imm: number) => ({ aSel: imm & 1, wSel: (imm >> 1) & 3, loadA: (imm >> 3) & 1, loadW: (imm >> 4) & 1 });

/** The NN-RF entry a Mac&Load loads (0..1 = A0/A1, 2..5 = W0..W3), or undefined. */
export function macLoadTarget(imm: number): number | undefined {
  const f = macLoadFields(imm);
  return f.loadA ? f.aSel : f.loadW ? 2 + f.wSel : undefined;
}

/** The status-based address stream a Mac&Load reads (A has priority, spec §5.2), or undefined. */
export function macLoadStream(imm: number): StreamName | undefined {
  const t = macLoadTarget(imm);
  return t === undefined ? undefined : t < 2 ? 'a' : 'w';
}

export const macLoadDefs = (e: Emitter): InstrDef[] => instructionsFor(e.config).filter((d) => d.macLoad && !e.excluded.has(d.id));

interface Planned {
  def: InstrDef;
  v: OperandValues;
}

/**
 * `n` Mac&Loads through pointer `p`: the first is often an NN-RF fill (`rd = x0`), and each next one reads,
 * half of the time, the NN-RF entry the previous one loaded (load/use back-to-back).
 */
function plan(e: Emitter, rng: Rng, first: InstrDef | undefined, n: number, p: number): Planned[] {
  const all = macLoadDefs(e);
  const out: Planned[] = [];
  let prevLoaded: number | undefined;
  for (let i = 0; i < n; i++) {
    const def = i === 0 && first ? first : rng.pick(all);
    const v = pickOperands(def, rng, e.lastWritten, { rs1: p });
    if (v.rd === p) v.rd = 0;
    if (i === 0 && rng.int(0, 2) === 0) v.rd = 0;
    if (prevLoaded !== undefined && rng.int(0, 1) === 0) {
      v.uimm = prevLoaded < 2 ? (v.uimm & ~1) | prevLoaded : (v.uimm & ~6) | ((prevLoaded - 2) << 1);
    }
    prevLoaded = macLoadTarget(v.uimm);
    out.push({ def, v });
  }
  return out;
}

/** Streams read by `body` run `times` times, in execution order. */
const streamsOf = (body: Planned[], times: number): StreamName[] =>
  Array.from({ length: times }, () => body.map((x) => macLoadStream(x.v.uimm)).filter((s): s is StreamName => s !== undefined)).flat();

/**
 * Prepares `body` (run `times` times) for the mode the program is in: the pointer in rs1 (legacy mode reads
 * and post-increments it; status-based mode neither reads nor writes it, but it stays valid) and, in
 * status-based mode, the address streams.
 */
function prepare(e: Emitter, rng: Rng, st: StatusState | undefined, p: number, body: Planned[], times: number): void {
  if (st) knowMode(e, rng, st);
  const loads = streamsOf(body, times);
  // Streams first: their setup uses scratch registers, the pointer is set last.
  if (st?.sbActive) ensureStreams(e, rng, st, loads);
  e.pointer(p, rng.int(0, (DATA_BYTES - 4 * loads.length - 8) >> 2) << 2);
}

/** After `body` ran `times` times: the generator's streams advance by the loads (status-based mode only). */
function consume(e: Emitter, st: StatusState | undefined, body: Planned[], times: number): void {
  if (!st?.sbActive) return;
  for (const s of streamsOf(body, times)) consumeLoad(st, s, e);
}

/**
 * 1..4 back-to-back Mac&Loads (the first one `first`). `st` is the status-based state (flexv): in
 * status-based mode the loads read the address streams, which are made safe first.
 */
export function emitMacLoads(e: Emitter, rng: Rng, first: InstrDef | undefined, st?: StatusState): void {
  const p = rng.pick(POINTERS);
  const body = plan(e, rng, first, rng.int(1, 4), p);
  prepare(e, rng, st, p, body, 1);
  for (const x of body) e.instr(x.def, x.v);
  consume(e, st, body, 1);
}

/**
 * A kernel-shaped loop: hardware loop 0 run 2..5 times over 2..4 Mac&Loads that all load (the stream
 * counters and rollbacks run through several iterations, as in PULP-NN-mixed's inner loops).
 */
export function emitMacLoadLoop(e: Emitter, rng: Rng, st?: StatusState): void {
  const p = rng.pick(POINTERS);
  const times = rng.int(2, 5);
  const body = plan(e, rng, undefined, rng.int(2, 4), p);
  for (const x of body) if (macLoadStream(x.v.uimm) === undefined) x.v.uimm |= rng.int(0, 1) ? 8 : 16;
  prepare(e, rng, st, p, body, times);
  const end = e.label('mll');
  e.raw(withLabel(instructionById('lp.setupi')!, { L: 0, uimm: times }, end));
  body.forEach((x, i) => e.instr(x.def, x.v, i === body.length - 1 ? end : undefined));
  consume(e, st, body, times);
}

/**
 * Sub-byte (`.n`/`.c`) and byte/half-word dot products and Mac&Loads interleaved (2..6 of them): the
 * datapath switching lane widths instruction by instruction. Widths come from the table's `simd` and
 * `macLoad` fields.
 */
export function emitWidthMix(e: Emitter, rng: Rng, st?: StatusState): void {
  const defs = instructionsFor(e.config).filter((d) => !e.excluded.has(d.id));
  const dots = defs.filter((d) => d.simd && (d.simd.op === 'dot' || d.simd.op === 'sdot'));
  const width = (d: InstrDef) => (d.simd ?? d.macLoad)!.width;
  const nn = [...dots, ...macLoadDefs(e)];
  const narrow = nn.filter((d) => width(d) <= 4), wide = nn.filter((d) => width(d) >= 8);
  for (let n = rng.int(2, 6), i = 0; i < n; i++) {
    const def = rng.pick(i % 2 === 0 ? narrow : wide);
    if (def.macLoad) emitMacLoads(e, rng, def, st);
    else e.instr(def, pickOperands(def, rng, e.lastWritten));
  }
}
