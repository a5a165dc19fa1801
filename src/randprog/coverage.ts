import { decodeWord, expandCompressed, instructionSize, instructionsFor, type Config, type Decoded } from '../isa/index.ts';
import type { AsmOutput } from '../asm/index.ts';
import type { GenFacts } from './emitter.ts';
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
  'mpc-write-then-mixed',
  'mixed-then-uniform',
  'uniform-then-mixed',
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
  /** `mpc` format pairs written ("afmt x wfmt", 3 = reserved keep-old) and distinct skip values. */
  mpcPairs: Record<string, number>;
  mpcSkips: number[];
  /** Loads/stores of the memory block, and those at an address not a multiple of their size. */
  accesses: number;
  misaligned: number;
}

export function emptyCoverage(config: Config): Coverage {
  return {
    config, programs: 0, produced: {}, missing: [], excluded: {}, illegal: 0, mpcPairs: {}, mpcSkips: [], accesses: 0, misaligned: 0,
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
const isMacLoad = (s: string) => s === 'mac.load' || s === 'mixed.mac.load';
const isMixed = (s: string) => s.startsWith('mixed.');
const isUniformDot = (s: string) => s.startsWith('simd.dot') || s.startsWith('simd.sdot') || s === 'mac.load';
const csrWrites = (x: Decoded) => x.def.sem.startsWith('csr') && (x.def.id.startsWith('csrrw') || (x.operands.rs1 ?? x.operands.uimm ?? 0) !== 0);
const MPC = 0x7d0;

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
    if (isMacLoad(x.def.sem) && x.operands.rd === 0 && macLoadTarget(x.operands.uimm) !== undefined) hit('nnrf-fill-rd-x0');
    const prev = list[i - 1]?.x;
    if (!prev) continue;
    const p = prev.def.sem, c = x.def.sem;
    const dep = regsWritten(prev).some((r) => regsRead(x).includes(r));
    if (dep && isLoad(p)) hit(c.startsWith('branch') ? 'load-then-branch' : 'load-use');
    if (dep && (p === 'alu' || p === 'alu.imm') && (c === 'alu' || c === 'alu.imm')) hit('alu-alu-dependent');
    if (dep && (p === 'mul' || p === 'mac')) hit('mul-use');
    if (dep && p === 'div') hit('div-use');
    if (prev.def.writesRs1 && regsRead(x).includes(prev.operands.rs1)) hit('postinc-base-use');
    if (isMacLoad(p) && isMacLoad(c)) {
      hit('macload-after-macload');
      const loaded = macLoadTarget(prev.operands.uimm);
      const f = macLoadFields(x.operands.uimm);
      if (loaded !== undefined && (loaded === f.aSel || loaded === 2 + f.wSel)) hit('macload-load-then-macload-use');
    }
    if (csrWrites(prev) && x.def.sem.startsWith('csr') && prev.operands.csr === x.operands.csr) hit('csr-write-then-read');
    if (csrWrites(prev) && prev.operands.csr === MPC && isMixed(c)) hit('mpc-write-then-mixed');
    if (isMixed(p) && isUniformDot(c)) hit('mixed-then-uniform');
    if (isUniformDot(p) && isMixed(c)) hit('uniform-then-mixed');
  }
  cov.accesses += facts.accesses;
  cov.misaligned += facts.misaligned;
  for (const w of facts.mpcWrites) {
    const k = `${w.afmt}x${w.wfmt}`;
    cov.mpcPairs[k] = (cov.mpcPairs[k] ?? 0) + 1;
    if (!cov.mpcSkips.includes(w.skip)) cov.mpcSkips.push(w.skip);
  }
  cov.mpcSkips.sort((a, b) => a - b);
  const ids = instructionsFor(cov.config).map((d) => d.id);
  cov.excluded = {
    ...Object.fromEntries(Object.entries(NOT_GENERATED).filter(([id]) => ids.includes(id))),
    ...Object.fromEntries(facts.excluded.map((id) => [id, 'excluded by the caller (--exclude)'])),
  };
  cov.missing = ids.filter((id) => !(id in cov.produced));
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
  if (cov.config === 'flexv') {
    const pairs = Object.entries(cov.mpcPairs).sort().map(([k, n]) => `${k}:${n}`).join(' ');
    lines.push(`  mpc writes (afmt x wfmt, 3 = keep): ${pairs || '(none)'}; ${cov.mpcSkips.length} distinct skip values`);
  }
  return lines.join('\n');
}
