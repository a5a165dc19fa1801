import { csrByName, decodeWord, expandCompressed, hasStatusBased, instructionsFor, type Config, type Decoded } from '../isa/index.ts';
import type { Retirement } from '../iss/retire.ts';
import { STATUS_FORMATS, STATUS_POINTS, StatusTracker, type FormatCounts, type StatusWordInfo } from './exec-status.ts';
import { macLoadFields } from './nn-ops.ts';
import { hasCsrFeature } from './system-ops.ts';

/**
 * Pipeline situations counted from the retirement stream (what executed, in retirement order, which for an
 * in-order core is the order the instructions met in the pipeline): forwarding distances, stalls, loop ends,
 * split accesses, traps, NN-RF and mpc back-to-back. Unlike the static report (coverage.ts), a pair in a
 * skipped branch shadow does not count, and a loop body counts once per iteration.
 */
const PIPELINE_HAZARDS = [
  /** A load's rd read by the next instruction (the load-use stall). */
  'load-use',
  /** A load's rd compared by the next instruction, a branch (stall, then resolve in EX). */
  'load-then-branch',
  /** A load's rd read two instructions later (the data forwarded from WB as it arrives). */
  'load-use-distance-2',
  /** A misaligned (two-beat) load's rd read by the next instruction. */
  'split-load-use',
  /** A non-load result read by the next instruction (forwarded from EX). */
  'raw-forward-ex',
  /** A result read two instructions later, the one between not writing it (forwarded from WB). */
  'raw-forward-wb',
  /** The third source port (rs3 / accumulator in rd) forwarded from the previous instruction. */
  'raw-forward-rs3',
  /** Both sources of one instruction forwarded (one from EX, one from WB, or both from EX). */
  'raw-forward-two-sources',
  'mul-use',
  'div-use',
  /** A CSR read's result used by the next instruction. */
  'csr-read-use',
  /** A post-increment's written-back base read by the next instruction. */
  'postinc-writeback-use',
  /** ... read two instructions later. */
  'postinc-writeback-use-distance-2',
  /** A store, then a load of the same word. */
  'store-then-load-same-word',
  'misaligned-load',
  'misaligned-store',
  'branch-taken-forward',
  'branch-taken-backward',
  'branch-not-taken',
  /** jalr / c.jr / c.jalr (target from a register: never predicted). */
  'jump-register',
  /** The last instruction of a loop body jumps back to lpstart (loop 0 / loop 1). */
  'hwloop0-back',
  'hwloop1-back',
  /** The last iteration: the count reaches 0 and execution falls through. */
  'hwloop-exit',
  /** Both loops active and ending on the same instruction. */
  'hwloop-shared-end',
  /** The instruction ending a body is compressed. */
  'hwloop-end-compressed',
  /** The instruction ending a body is a load or store (its data in WB while fetch restarts). */
  'hwloop-end-memory',
  /** The instruction ending a body is a branch, jump, mret or fence.i: the loop end wins. */
  'hwloop-end-control',
  /** A body of at most two instructions jumped back (the fetch-side prediction with decrements in flight). */
  'hwloop-short-body',
  /** A trap taken on the last instruction of an active loop body (no decrement). */
  'trap-at-hwloop-end',
  'trap-illegal',
  'trap-breakpoint',
  'trap-ecall',
  'mret',
  'fence.i',
  /** A CSR write, then a read of the same CSR. */
  'csr-write-then-read',
  'macload-after-macload',
  /** A Mac&Load reads the NN-RF entry the previous one loaded. */
  'macload-nnrf-load-then-use',
  /** A Mac&Load with rd = x0 that loads the NN-RF (a pure fill). */
  'nnrf-fill-rd-x0',
] as const;

/** The classes of the execution report: pipeline situations, then the status-based points (exec-status.ts). */
export const EXEC_HAZARDS = [...PIPELINE_HAZARDS, ...STATUS_POINTS] as const;
export type ExecHazard = (typeof EXEC_HAZARDS)[number];

const NN_ONLY: readonly ExecHazard[] = ['macload-after-macload', 'macload-nnrf-load-then-use', 'nnrf-fill-rd-x0'];
const STATUS_ONLY: ReadonlySet<ExecHazard> = new Set(STATUS_POINTS);

/** Does a hazard class exist in a configuration (NN-RF needs Mac&Load, the status-based points flexv)? */
export function hazardApplies(config: Config, h: ExecHazard): boolean {
  return (!NN_ONLY.includes(h) || hasCsrFeature(config, 'mac-load')) && (!STATUS_ONLY.has(h) || hasStatusBased(config));
}

export interface ExecCoverageReport {
  config: Config;
  programs: number;
  retired: number;
  /** Table ids retired (a trapping instruction counts under its id), with counts. */
  executed: Record<string, number>;
  /** Ids of the configuration never retired. */
  notExecuted: string[];
  hazards: Record<ExecHazard, number>;
  /** Hazard classes of the configuration never hit. */
  hazardsMissed: ExecHazard[];
  /** Status-based mode (flexv): instructions executed per ivec_fmt value, and the formats 1..13 without a dot product or a Mac&Load. */
  formats: Record<number, FormatCounts>;
  formatsMissed: number[];
}

/** What a retired word is, decoded once per distinct word. */
interface WordInfo {
  id: string;
  sem: string;
  /** Registers read (x0 left out) and the one read on the third port. */
  reads: number[];
  rs3?: number;
  load: boolean;
  store: boolean;
  branch: boolean;
  jalr: boolean;
  control: boolean;
  macLoad: boolean;
  csrAddr?: number;
  csrReads: boolean;
  csrWrites: boolean;
  macLoadReads?: [number, number];
  status: StatusWordInfo;
}

const CSR_ADDR = (n: string) => csrByName(n)!.address;
const LP = { start0: CSR_ADDR('lpstart0'), end0: CSR_ADDR('lpend0'), count0: CSR_ADDR('lpcount0'), start1: CSR_ADDR('lpstart1'), end1: CSR_ADDR('lpend1'), count1: CSR_ADDR('lpcount1') };

function info(config: Config, insn: number): WordInfo | undefined {
  const d = decodeWord(config, insn);
  if (!d) return undefined;
  const x: Decoded = d.def.size === 2 ? expandCompressed(d) : d;
  const sem = x.def.sem;
  const reads: number[] = [];
  let rs3: number | undefined;
  for (const role of x.def.reads) {
    const r = x.operands[role];
    if (r === undefined || r === 0) continue;
    reads.push(r);
    if (role === 'rs3' || role === 'rd') rs3 = r;
  }
  const isCsr = sem === 'csr' || sem === 'csr.imm';
  const src = x.operands.rs1 ?? x.operands.uimm ?? 0;
  const macLoad = x.def.macLoad !== undefined;
  const dot = x.def.simd?.op === 'dot' || x.def.simd?.op === 'sdot';
  const f = macLoad ? macLoadFields(x.operands.uimm ?? 0) : undefined;
  const csrWrites = isCsr && (x.def.id.startsWith('csrrw') || src !== 0);
  return {
    id: d.def.id, sem, reads, rs3,
    load: sem.startsWith('load'),
    store: sem.startsWith('store'),
    branch: sem.startsWith('branch'),
    jalr: sem === 'jalr',
    control: sem.startsWith('branch') || sem === 'jal' || sem === 'jalr' || x.def.id === 'mret' || x.def.id === 'fence.i',
    macLoad,
    csrAddr: isCsr ? x.operands.csr : undefined,
    csrReads: isCsr && (x.operands.rd ?? 0) !== 0,
    csrWrites,
    macLoadReads: f ? [f.aSel, 2 + f.wSel] : undefined,
    status: {
      simd: x.def.simd !== undefined, dot, scalarForm: x.def.simd !== undefined && x.def.simd.form !== 'vv', macLoad,
      uimm: x.operands.uimm ?? 0, rdField: x.operands.rd ?? 0,
      csrAddr: isCsr ? x.operands.csr : undefined, csrWrites, csrImm: x.def.id === 'csrrwi' ? x.operands.uimm : undefined,
    },
  };
}

/** The facts of one retirement kept for the next two. */
interface Seen {
  i?: WordInfo;
  /** rd written (0: none), and whether by a load / a split load / mul / div / CSR read. */
  rd: number;
  kind: 'load' | 'split-load' | 'mul' | 'div' | 'csr' | 'other';
  rs1Wb: number;
  storeWord?: number;
  nnLoaded?: number;
  csrWritten?: number;
}

const NONE: Seen = { rd: 0, kind: 'other', rs1Wb: 0 };

/**
 * Execution coverage: feed it every retirement (`observe`), in order, of one program after another
 * (`startProgram` between them), then read `report()`. Decoding is cached per instruction word.
 */
export class ExecCoverage {
  private readonly words = new Map<number, WordInfo | undefined>();
  private readonly counts = new Map<string, number>();
  private readonly hits = new Map<ExecHazard, number>(EXEC_HAZARDS.map((h) => [h, 0]));
  private programs = 0;
  private retired = 0;
  private prev: Seen = NONE;
  private prev2: Seen = NONE;
  /** Loop registers as the records' CSR writes leave them (lpstart0, lpend0, lpcount0, lpstart1, ...). */
  private readonly lp = new Int32Array(6);
  private readonly formats = new Map<number, FormatCounts>();
  private readonly status: StatusTracker | undefined;

  constructor(readonly config: Config) {
    this.status = hasStatusBased(config) ? new StatusTracker((p) => this.hit(p), this.formats) : undefined;
  }

  startProgram(): void {
    this.programs++;
    this.prev = this.prev2 = NONE;
    this.lp.fill(0);
    this.status?.restart();
  }

  private hit(h: ExecHazard): void {
    this.hits.set(h, this.hits.get(h)! + 1);
  }

  observe(r: Retirement): void {
    if (this.programs === 0) this.programs = 1;
    this.retired++;
    let i = this.words.get(r.insn);
    if (i === undefined && !this.words.has(r.insn)) {
      i = info(this.config, r.insn);
      this.words.set(r.insn, i);
    }
    if (i) this.counts.set(i.id, (this.counts.get(i.id) ?? 0) + 1);
    const p = this.prev, p2 = this.prev2;
    const lp = this.lp;
    const trapped = r.trap >= 0;
    // Loop state before this instruction's own writes: is it the last instruction of an active body?
    const atEnd0 = lp[2] !== 0 && lp[1] === r.pc;
    const atEnd1 = lp[5] !== 0 && lp[4] === r.pc;

    if (trapped) {
      this.hit(r.trap === 2 ? 'trap-illegal' : r.trap === 3 ? 'trap-breakpoint' : 'trap-ecall');
      if (atEnd0 || atEnd1) this.hit('trap-at-hwloop-end');
    } else if (i) {
      this.pairs(r, i, p, p2);
    }
    this.status?.observe(r, i?.status);

    // Loop ends: the record's lpcount writes (after any lp.* writes of the instruction itself).
    let decremented = false;
    for (let k = 0; k < r.csrCount; k++) {
      const c = r.csr[k]!;
      const slot = c.addr === LP.start0 ? 0 : c.addr === LP.end0 ? 1 : c.addr === LP.count0 ? 2 : c.addr === LP.start1 ? 3 : c.addr === LP.end1 ? 4 : c.addr === LP.count1 ? 5 : -1;
      if (slot < 0) continue;
      const isLp = i?.sem === 'hwloop' || (i?.csrAddr !== undefined && i.csrWrites);
      if ((slot === 2 || slot === 5) && !isLp) decremented = true;
      lp[slot] = c.value;
    }
    if (decremented && i) {
      const seq = (r.pc + r.size) | 0;
      const back = r.nextPc !== seq;
      if (back && r.nextPc === lp[0] && atEnd0) this.hit('hwloop0-back');
      else if (back && r.nextPc === lp[3] && atEnd1) this.hit('hwloop1-back');
      if (!back) this.hit('hwloop-exit');
      if (atEnd0 && atEnd1) this.hit('hwloop-shared-end');
      if (r.size === 2) this.hit('hwloop-end-compressed');
      if (i.load || i.store || i.macLoad) this.hit('hwloop-end-memory');
      if (i.control) this.hit('hwloop-end-control');
      if (back && ((r.pc - r.nextPc) >>> 0) <= 4) this.hit('hwloop-short-body');
    }

    this.prev2 = p;
    this.prev = trapped || !i ? NONE : this.seen(r, i);
  }

  private pairs(r: Retirement, i: WordInfo, p: Seen, p2: Seen): void {
    const reads = i.reads;
    const uses = (reg: number) => reg !== 0 && reads.includes(reg);
    let forwarded = 0;
    if (uses(p.rd)) {
      forwarded++;
      if (p.kind === 'load' || p.kind === 'split-load') this.hit(i.branch ? 'load-then-branch' : 'load-use');
      else this.hit('raw-forward-ex');
      if (p.kind === 'split-load') this.hit('split-load-use');
      if (p.kind === 'mul') this.hit('mul-use');
      if (p.kind === 'div') this.hit('div-use');
      if (p.kind === 'csr') this.hit('csr-read-use');
      if (i.rs3 !== undefined && i.rs3 === p.rd) this.hit('raw-forward-rs3');
    }
    if (uses(p2.rd) && p.rd !== p2.rd && p.rs1Wb !== p2.rd) {
      forwarded++;
      this.hit(p2.kind === 'load' || p2.kind === 'split-load' ? 'load-use-distance-2' : 'raw-forward-wb');
    }
    if (forwarded === 2 || (uses(p.rd) && reads.filter((x) => x === p.rd).length > 1)) this.hit('raw-forward-two-sources');
    if (uses(p.rs1Wb)) this.hit('postinc-writeback-use');
    if (uses(p2.rs1Wb) && p.rd !== p2.rs1Wb && p.rs1Wb !== p2.rs1Wb) this.hit('postinc-writeback-use-distance-2');

    if (r.memCount > 0) {
      const m0 = r.mem[0]!;
      if (r.memCount === 2) this.hit(m0.write ? 'misaligned-store' : 'misaligned-load');
      if (!m0.write && p.storeWord !== undefined && r.mem.slice(0, r.memCount).some((m) => m.addr === p.storeWord)) this.hit('store-then-load-same-word');
    }
    const seq = (r.pc + r.size) | 0;
    if (i.branch) {
      if (r.nextPc === seq) this.hit('branch-not-taken');
      else this.hit((r.nextPc >>> 0) > (r.pc >>> 0) ? 'branch-taken-forward' : 'branch-taken-backward');
    }
    if (i.jalr) this.hit('jump-register');
    if (i.id === 'mret') this.hit('mret');
    if (i.id === 'fence.i') this.hit('fence.i');
    if (i.csrAddr !== undefined && p.csrWritten === i.csrAddr) this.hit('csr-write-then-read');
    if (i.macLoad) {
      if (p.i?.macLoad) this.hit('macload-after-macload');
      if (p.nnLoaded !== undefined && i.macLoadReads!.includes(p.nnLoaded)) this.hit('macload-nnrf-load-then-use');
      if (r.nnCount > 0 && r.rd === 0) this.hit('nnrf-fill-rd-x0');
    }
  }

  private seen(r: Retirement, i: WordInfo): Seen {
    const kind = i.load ? (r.memCount === 2 ? 'split-load' : 'load') : i.sem === 'mul' || i.sem === 'mac' ? 'mul' : i.sem === 'div' ? 'div' : i.csrAddr !== undefined ? 'csr' : 'other';
    const store = i.store && r.memCount > 0 ? r.mem[r.memCount - 1]!.addr : undefined;
    return {
      i, rd: r.rd, kind, rs1Wb: r.rs1Wb, storeWord: store,
      nnLoaded: r.nnCount > 0 ? r.nn[0]!.index : undefined,
      csrWritten: i.csrAddr !== undefined && i.csrWrites ? i.csrAddr : undefined,
    };
  }

  /** Adds another coverage of the same configuration into this one. */
  merge(o: ExecCoverage): void {
    this.programs += o.programs;
    this.retired += o.retired;
    for (const [id, n] of o.counts) this.counts.set(id, (this.counts.get(id) ?? 0) + n);
    for (const [h, n] of o.hits) this.hits.set(h, this.hits.get(h)! + n);
    for (const [v, c] of o.formats) {
      const f = this.formats.get(v) ?? { simd: 0, dot: 0, macload: 0 };
      this.formats.set(v, { simd: f.simd + c.simd, dot: f.dot + c.dot, macload: f.macload + c.macload });
    }
  }

  report(): ExecCoverageReport {
    const ids = instructionsFor(this.config).map((d) => d.id);
    const hazards = Object.fromEntries(EXEC_HAZARDS.map((h) => [h, this.hits.get(h)!])) as Record<ExecHazard, number>;
    return {
      config: this.config,
      programs: this.programs,
      retired: this.retired,
      executed: Object.fromEntries([...this.counts].sort(([a], [b]) => (a < b ? -1 : 1))),
      notExecuted: ids.filter((id) => !this.counts.has(id)),
      hazards,
      hazardsMissed: EXEC_HAZARDS.filter((h) => hazardApplies(this.config, h) && hazards[h] === 0),
      formats: Object.fromEntries([...this.formats].sort(([a], [b]) => a - b).map(([v, c]) => [v, { ...c }])),
      formatsMissed: this.status ? STATUS_FORMATS.filter((v) => !(this.formats.get(v)?.dot && this.formats.get(v)?.macload)) : [],
    };
  }
}

/** The printed execution report. */
export function formatExecCoverage(c: ExecCoverageReport): string {
  const total = instructionsFor(c.config).length;
  const lines = [
    `executed (${c.config}, ${c.programs} program${c.programs === 1 ? '' : 's'}, ${c.retired} retirements): ` +
      `${total - c.notExecuted.length}/${total} instruction ids retired; hazard classes hit ` +
      `${EXEC_HAZARDS.filter((h) => hazardApplies(c.config, h)).length - c.hazardsMissed.length}/${EXEC_HAZARDS.filter((h) => hazardApplies(c.config, h)).length}`,
  ];
  lines.push(`  not retired (${c.notExecuted.length}): ${c.notExecuted.length ? c.notExecuted.join(' ') : '(none)'}`);
  lines.push(`  hazards: ${EXEC_HAZARDS.filter((h) => hazardApplies(c.config, h)).map((h) => `${h} ${c.hazards[h]}`).join(', ')}`);
  if (c.hazardsMissed.length) lines.push(`  hazards never hit: ${c.hazardsMissed.join(' ')}`);
  if (hasStatusBased(c.config)) {
    const f = Object.entries(c.formats).map(([v, n]) => `${v}:${n.simd}/${n.dot}/${n.macload}`).join(' ');
    lines.push(`  status-based formats executed (fmt:simd/dot/mac&load, 0 = traps): ${f || '(none)'}`);
    lines.push(`  formats 1..13 without a dot product and a Mac&Load: ${c.formatsMissed.length ? c.formatsMissed.join(' ') : '(none)'}`);
  }
  return lines.join('\n');
}
