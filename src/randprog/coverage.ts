import { csrByAddress, decodeWord, expandCompressed, instructionSize, instructionsFor, type Config, type Decoded } from '../isa/index.ts';
import type { AsmOutput } from '../asm/index.ts';
import { emptyStatusFacts, type GenFacts, type StatusFacts } from './emitter.ts';
import { hasCsrFeature } from './system-ops.ts';
import { NOT_GENERATED } from './generate.ts';
import { macLoadFields, macLoadTarget } from './nn-ops.ts';

/**
 * Pairs of adjacent instructions (in program order) the coverage report counts. Each is a pipeline
 * situation a core must get right: forwarding, stalls, NN-RF bypass, CSR ordering.
 */
export const HAZARDS = [
  'load-use',
  'load-then-branch',
  'alu-alu-dependent',
  'mul-use',
  'div-use',
  'postinc-base-use',
  'macload-load-then-macload-use',
  'macload-after-macload',
  'nnrf-fill-rd-x0',
  'csr-write-then-read',
  'status-csr-write-then-dot',
  'hwloop-end-compressed',
  'hwloop-nested',
] as const;
export type Hazard = (typeof HAZARDS)[number];

export interface Coverage {
  config: Config;
  programs: number;
  /** Table ids of the configuration produced, with their static counts. */
  produced: Record<string, number>;
  /** Ids of the configuration never produced. */
  missing: string[];
  /** Ids the generator never emits on purpose, with why. */
  excluded: Record<string, string>;
  hazards: Record<Hazard, number>;
  /** Words that decode as nothing in this configuration (deliberate illegal instructions). */
  illegal: number;
  /** What the generator wrote into the status-based CSRs and planned for the Mac&Load streams (flexv). */
  status: StatusFacts;
  /** Loads/stores of the memory block, and those at an address not a multiple of their size. */
  accesses: number;
  misaligned: number;
}

export function emptyCoverage(config: Config): Coverage {
  return {
    config, programs: 0, produced: {}, missing: [], excluded: {}, illegal: 0, status: emptyStatusFacts(), accesses: 0, misaligned: 0,
    hazards: Object.fromEntries(HAZARDS.map((h) => [h, 0])) as Record<Hazard, number>,
  };
}

interface Step {
  pc: number;
  size: number;
  d?: Decoded;
  /** The 32-bit form (compressed instructions expanded). */
  x?: Decoded;
}

function regsRead(x: Decoded): number[] {
  return x.def.reads.map((role) => x.operands[role]).filter((r) => r !== undefined && r !== 0);
}

function regsWritten(x: Decoded): number[] {
  const w: number[] = [];
  if (x.def.writesRd && x.operands.rd) w.push(x.operands.rd);
  if (x.def.writesRs1 && x.operands.rs1) w.push(x.operands.rs1);
  return w;
}

const isLoad = (s: string) => s.startsWith('load');
const isMacLoad = (x: Decoded) => x.def.macLoad !== undefined;
/** A dot product the mixed-precision controller counts: a packed-SIMD dot/sdot or a Mac&Load. */
const isDot = (x: Decoded) => x.def.simd?.op === 'dot' || x.def.simd?.op === 'sdot' || isMacLoad(x);
const csrWrites = (x: Decoded) => x.def.sem.startsWith('csr') && (x.def.id.startsWith('csrrw') || (x.operands.rs1 ?? x.operands.uimm ?? 0) !== 0);
const isStatusCsr = (a: number) => csrByAddress(a)?.feature === 'status-based';

/** Decodes the code sections of an assembled program in order. */
function steps(config: Config, asm: AsmOutput): Step[] {
  const out: Step[] = [];
  for (const sec of asm.sections.filter((s) => s.kind === 'code')) {
    const b = sec.bytes;
    for (let i = 0; i + 1 < b.length; ) {
      const half = b[i] | (b[i + 1] << 8);
      const size = instructionSize(half);
      const word = size === 4 && i + 3 < b.length ? (half | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0 : half;
      const d = decodeWord(config, word);
      out.push({ pc: (sec.addr + i) >>> 0, size, d, x: d && (d.def.size === 2 ? expandCompressed(d) : d) });
      i += size;
    }
  }
  return out;
}

/** Adds one program's instructions, hazards and mpc writes to `cov`. */
export function addProgram(cov: Coverage, asm: AsmOutput, facts: GenFacts): void {
  cov.programs++;
  const list = steps(cov.config, asm);
  const byPc = new Map(list.map((s) => [s.pc, s]));
  const hit = (h: Hazard) => cov.hazards[h]++;
  // Elsewhere an access to a status-based CSR is a deliberate illegal instruction, not a write.
  const statusCsrs = hasCsrFeature(cov.config, 'status-based');
  let innerLoopOpen = false;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (!s.d || !s.x) {
      cov.illegal++;
      continue;
    }
    cov.produced[s.d.def.id] = (cov.produced[s.d.def.id] ?? 0) + 1;
    const x = s.x;
    if (x.def.sem === 'hwloop' && x.operands.target !== undefined) {
      const end = byPc.get((s.pc + x.operands.target) >>> 0);
      if (end?.size === 2) hit('hwloop-end-compressed');
      if (x.operands.L === 1) innerLoopOpen = true;
      else if (innerLoopOpen) { hit('hwloop-nested'); innerLoopOpen = false; }
    }
    if (isMacLoad(x) && x.operands.rd === 0 && macLoadTarget(x.operands.uimm) !== undefined) hit('nnrf-fill-rd-x0');
    const prev = list[i - 1]?.x;
    if (!prev) continue;
    const p = prev.def.sem, c = x.def.sem;
    const dep = regsWritten(prev).some((r) => regsRead(x).includes(r));
    if (dep && isLoad(p)) hit(c.startsWith('branch') ? 'load-then-branch' : 'load-use');
    if (dep && (p === 'alu' || p === 'alu.imm') && (c === 'alu' || c === 'alu.imm')) hit('alu-alu-dependent');
    if (dep && (p === 'mul' || p === 'mac')) hit('mul-use');
    if (dep && p === 'div') hit('div-use');
    if (prev.def.writesRs1 && regsRead(x).includes(prev.operands.rs1)) hit('postinc-base-use');
    if (isMacLoad(prev) && isMacLoad(x)) {
      hit('macload-after-macload');
      const loaded = macLoadTarget(prev.operands.uimm);
      const f = macLoadFields(x.operands.uimm);
      if (loaded !== undefined && (loaded === f.aSel || loaded === 2 + f.wSel)) hit('macload-load-then-macload-use');
    }
    if (csrWrites(prev) && x.def.sem.startsWith('csr') && prev.operands.csr === x.operands.csr) hit('csr-write-then-read');
    if (csrWrites(prev) && statusCsrs && isStatusCsr(prev.operands.csr) && isDot(x)) hit('status-csr-write-then-dot');
  }
  cov.accesses += facts.accesses;
  cov.misaligned += facts.misaligned;
  addStatusFacts(cov.status, facts.status);
  const ids = instructionsFor(cov.config).map((d) => d.id);
  cov.excluded = {
    ...Object.fromEntries(Object.entries(NOT_GENERATED).filter(([id]) => ids.includes(id))),
    ...Object.fromEntries(facts.excluded.map((id) => [id, 'excluded by the caller (--exclude)'])),
  };
  cov.missing = ids.filter((id) => !(id in cov.produced));
}

function addStatusFacts(to: StatusFacts, f: StatusFacts): void {
  to.toStatusBased += f.toStatusBased;
  to.toLegacy += f.toLegacy;
  for (const [k, n] of Object.entries(f.fmtWrites)) to.fmtWrites[+k] = (to.fmtWrites[+k] ?? 0) + n;
  for (const v of f.skipWrites) if (!to.skipWrites.includes(v)) to.skipWrites.push(v);
  for (const v of f.cycleWrites) if (!to.cycleWrites.includes(v)) to.cycleWrites.push(v);
  to.skipWrites.sort((a, b) => a - b);
  to.cycleWrites.sort((a, b) => a - b);
  to.streamShapes += f.streamShapes;
  to.addressWrites += f.addressWrites;
  for (const s of ['a', 'w'] as const) {
    to.streamLoads[s] += f.streamLoads[s];
    to.plannedRollbacks[s] += f.plannedRollbacks[s];
  }
}

/** The printed report: totals, missing ids, hazards, mpc pairs. */
export function formatCoverage(cov: Coverage): string {
  const total = instructionsFor(cov.config).length;
  const produced = Object.keys(cov.produced).length;
  const lines = [
    `randprog coverage (${cov.config}, ${cov.programs} program${cov.programs === 1 ? '' : 's'}): ${produced}/${total} instruction ids produced, ${cov.illegal} deliberate illegal words`,
  ];
  const missing = cov.missing.filter((id) => !(id in cov.excluded));
  lines.push(`  not produced (${missing.length}): ${missing.length ? missing.join(' ') : '(none)'}`);
  for (const [id, why] of Object.entries(cov.excluded)) lines.push(`  excluded: ${id}: ${why}`);
  lines.push(`  loads/stores: ${cov.accesses}, misaligned: ${cov.misaligned}`);
  lines.push(`  hazards: ${HAZARDS.map((h) => `${h} ${cov.hazards[h]}`).join(', ')}`);
  if (hasCsrFeature(cov.config, 'status-based')) {
    const f = cov.status;
    const fmts = Object.entries(f.fmtWrites).sort(([a], [b]) => +a - +b).map(([k, n]) => `${k}:${n}`).join(' ');
    lines.push(`  status-based writes: mode switches to status-based ${f.toStatusBased}, to legacy ${f.toLegacy}; ivec_fmt (value:count) ${fmts || '(none)'}`);
    lines.push(`    ivec_skip_size values ${f.skipWrites.join(',') || '(none)'}; ivec_mixed_cycle values ${f.cycleWrites.join(',') || '(none)'}`);
    lines.push(`    Mac&Load streams: ${f.streamShapes} shapes, ${f.addressWrites} address writes, loads a ${f.streamLoads.a} w ${f.streamLoads.w}, rollbacks a ${f.plannedRollbacks.a} w ${f.plannedRollbacks.w} (planned)`);
  }
  return lines.join('\n');
}
