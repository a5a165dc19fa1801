import { lit, mux, orAll, UInt, type Expr, type Signal } from '../../hdl/index.ts';
import { instructionById, type InstrDef } from '../../isa/index.ts';
import { decoder, defaultImmOperand, type DecoderEntry } from '../decode/decoder.ts';
import {
  CSR_COUNT, CSR_WRITES, ILLEGAL, ILLEGAL_C, IMM, IMM2, INSTR, IS32, MAX_CSR_WRITES, NEXT_PC, PC, PRED_NPC, RD_WRITE, RS1_READ, RS1_WB,
  RS2_READ, RS3_READ,
} from './keys.ts';
import type { Pipeline, Stage, StageName } from './pipeline.ts';
import type { Stageable } from './stageable.ts';

interface Entry {
  def: InstrDef;
  values: Map<Stageable, number>;
  imm?: string;
  imm2?: string;
}

/**
 * The decode service: parts register table entries (instruction id -> control values) in `setup`; at the
 * end the service elaborates the generated decoder (src/core/decode/decoder.ts) in ID and inserts every
 * control, the immediate and `illegal`. The register roles (rs1/rs2/rs3 read, rd and rs1 written) come from
 * the table.
 */
export class DecodeService {
  private readonly controls: Stageable[] = [RS1_READ, RS2_READ, RS3_READ, RD_WRITE, RS1_WB];
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly pipeline: Pipeline,
    private readonly allowed: ReadonlySet<string>,
  ) {
    for (const c of this.controls) pipeline.produce(c, 'id');
    pipeline.produce(ILLEGAL, 'id');
    pipeline.produce(IMM, 'id');
    pipeline.produce(IMM2, 'id');
    pipeline.onFinish(() => this.finish());
  }

  /** A control (default 0 for instructions that do not set it), produced in ID. */
  control(key: Stageable): Stageable {
    if (!this.controls.includes(key)) {
      this.controls.push(key);
      this.pipeline.produce(key, 'id');
    }
    return key;
  }

  /**
   * Decodes instruction `id` with these control values; `imm` names the immediate operand (default: the
   * first immediate-like one; null for none), `imm2` a second one.
   */
  add(id: string, values: Array<[Stageable, number]> = [], opts: { imm?: string | null; imm2?: string } = {}): void {
    const def = instructionById(id);
    if (!def || def.size !== 4) throw new Error(`decode: '${id}' is not a 32-bit instruction of the ISA table`);
    if (!this.allowed.has(id)) throw new Error(`decode: '${id}' is not in this configuration's instruction set`);
    const e = this.entries.get(id) ?? { def, values: new Map<Stageable, number>() };
    for (const [k, v] of values) {
      this.control(k);
      e.values.set(k, v);
    }
    const imm = opts.imm === null ? undefined : (opts.imm ?? e.imm ?? defaultImmOperand(def));
    if (imm) e.imm = imm;
    else delete e.imm;
    if (opts.imm2) e.imm2 = opts.imm2;
    this.entries.set(id, e);
  }

  /** Ids decoded by the parts. */
  ids(): string[] {
    return [...this.entries.keys()];
  }

  private finish(): void {
    const id = this.pipeline.stages.id;
    const entries: DecoderEntry[] = [...this.entries.values()].map((e) => {
      const std = new Map<Stageable, number>([
        [RS1_READ, e.def.reads.includes('rs1') ? 1 : 0],
        [RS2_READ, e.def.reads.includes('rs2') ? 1 : 0],
        [RS3_READ, e.def.reads.includes('rs3') || e.def.reads.includes('rd') ? 1 : 0],
        [RD_WRITE, e.def.writesRd ? 1 : 0],
        [RS1_WB, e.def.writesRs1 ? 1 : 0],
      ]);
      const values = this.controls.map((k) => e.values.get(k) ?? std.get(k) ?? 0);
      return { id: e.def.id, values, ...(e.imm ? { imm: e.imm } : {}), ...(e.imm2 ? { imm2: e.imm2 } : {}) };
    });
    const d = this.pipeline.m.instance(
      decoder,
      { controls: this.controls.map((k) => ({ name: k.name, width: k.type.width })), entries },
      'decoder',
    ) as Record<string, Signal>;
    d.instr!.set(id.input(INSTR));
    for (const k of this.controls) id.insert(k, d[k.name]!);
    id.insert(IMM, d.imm!);
    id.insert(IMM2, d.imm2!);
    id.insert(ILLEGAL, d.illegal!.or(id.input(ILLEGAL_C)));
  }
}

/**
 * Several parts contribute the value of one key in one stage, each under its own select (one-hot by
 * decode): ALU, multiplier, divider, CSR and jump results all go to RESULT in EX.
 */
export class ResultService {
  private readonly sources: Array<{ sel: Expr; value: Expr }> = [];

  constructor(
    private readonly pipeline: Pipeline,
    readonly key: Stageable,
    readonly stage: StageName,
    fallback?: () => Expr,
  ) {
    pipeline.produce(key, stage);
    pipeline.onFinish(() => {
      const w = key.type.width;
      const terms = this.sources.map((s) => mux(s.sel, s.value, lit(0, w)));
      const base = fallback ? fallback() : lit(0, w);
      const any = this.sources.length ? orAll(this.sources.map((s) => s.sel)) : lit(0, 1);
      pipeline.stages[stage].insert(key, mux(any, terms.length ? orAll(terms) : lit(0, w), base));
    });
  }

  add(sel: Expr, value: Expr): void {
    this.sources.push({ sel, value });
  }
}

/**
 * Fetch-side predictions: parts that know early where the next instruction is (the hardware-loop
 * controller) request a jump for the instruction in IF; fetch goes on at the winner's target and records it
 * as PRED_NPC, which EX checks against the real next pc.
 */
export class PredictService {
  private readonly requests: Array<{ cond: Expr; target: Expr }> = [];
  /** To the fetch part: jump after the instruction in IF (when it fires). */
  readonly jump: Signal;
  readonly target: Signal;

  constructor(private readonly pipeline: Pipeline) {
    const m = pipeline.m;
    this.jump = m.wire('predict_jump', UInt(1));
    this.target = m.wire('predict_target', UInt(32));
    pipeline.produce(PRED_NPC, 'if');
    pipeline.onFinish(() => this.finish());
  }

  /** Requests in priority order (the first that holds wins). */
  request(cond: Expr, target: Expr): void {
    this.requests.push({ cond, target });
  }

  private finish(): void {
    const f = this.pipeline.stages.if;
    let target: Expr = lit(0, 32);
    for (const r of [...this.requests].reverse()) target = mux(r.cond, r.target, target);
    const any = this.requests.length ? orAll(this.requests.map((r) => r.cond)) : lit(0, 1);
    this.jump.set(any);
    this.target.set(target);
    const seq = f.input(PC).add(mux(f.input(IS32), lit(4, 32), lit(2, 32)));
    f.insert(PRED_NPC, mux(any, target, seq));
  }
}

/**
 * Changes of control flow, all decided in EX: taken branches and jumps, traps, mret, fence.i. Requests are
 * served by priority (lower number first); the winner becomes the instruction's NEXT_PC (otherwise
 * pc + size). When NEXT_PC is not where fetch went on (PRED_NPC), or a request insists (fence.i), fetch
 * restarts at NEXT_PC in the cycle EX fires and IF and ID are killed.
 */
export class RedirectService {
  private readonly requests: Array<{ cond: Expr; target: Expr; priority: number; always: boolean }> = [];
  /** To the fetch part. */
  readonly valid: Signal;
  readonly target: Signal;

  constructor(private readonly pipeline: Pipeline) {
    const m = pipeline.m;
    this.valid = m.wire('redirect_valid', UInt(1));
    this.target = m.wire('redirect_target', UInt(32));
    pipeline.produce(NEXT_PC, 'ex');
    pipeline.onFinish(() => this.finish());
  }

  /** `always`: redirect even when fetch already went on at the target (fence.i must refetch). */
  request(cond: Expr, target: Expr, priority: number, opts: { always?: boolean } = {}): void {
    this.requests.push({ cond, target, priority, always: opts.always ?? false });
  }

  private finish(): void {
    const ex: Stage = this.pipeline.stages.ex;
    const reqs = [...this.requests].sort((a, b) => a.priority - b.priority);
    const any = reqs.length ? orAll(reqs.map((r) => r.cond)) : lit(0, 1);
    let target: Expr = lit(0, 32);
    for (const r of [...reqs].reverse()) target = mux(r.cond, r.target, target);
    const seq = ex.input(PC).add(mux(ex.input(IS32), lit(4, 32), lit(2, 32)));
    ex.insert(NEXT_PC, mux(any, target, seq));
    // Fetch went on at PRED_NPC (pc + size, or where a predictor jumped): redirect only when that was wrong.
    const forced = orAll([lit(0, 1), ...reqs.filter((r) => r.always).map((r) => r.cond)]);
    const wrong = ex.input(NEXT_PC).ne(ex.input(PRED_NPC)).or(forced);
    this.valid.set(ex.fire.and(wrong));
    this.target.set(ex.input(NEXT_PC));
    this.pipeline.stages.id.killWhen(this.valid);
    this.pipeline.stages.if.killWhen(this.valid);
  }
}

/**
 * The CSR writes of the retirement record, assembled in EX in the golden model's order: first the writes
 * of the instruction itself (one group per kind of instruction, mutually exclusive: a trap's four, mret's
 * one, a CSR instruction's one, an lp.* setup's up to three), then trailing writes that can come on top
 * (the hardware-loop counter decrements), each in the next free slot.
 */
export class CsrRecordService {
  private readonly groups: Array<{ cond: Expr; writes: Array<[Expr, Expr]> }> = [];
  private readonly trailing: Array<{ cond: Expr; write: [Expr, Expr] }> = [];

  constructor(private readonly pipeline: Pipeline) {
    pipeline.produce(CSR_COUNT, 'ex');
    for (const w of CSR_WRITES) for (const k of Object.values(w)) pipeline.produce(k, 'ex');
    pipeline.onFinish(() => this.finish());
  }

  /** The writes (address, value) of an instruction kind, when `cond`. */
  add(cond: Expr, writes: Array<[Expr, Expr]>): void {
    if (writes.length > MAX_CSR_WRITES) throw new Error(`csr record: ${writes.length} writes, the port carries ${MAX_CSR_WRITES}`);
    this.groups.push({ cond, writes });
  }

  /** A write after the instruction's own ones (in the order of the calls). */
  append(cond: Expr, addr: Expr, value: Expr): void {
    this.trailing.push({ cond, write: [addr, value] });
  }

  private finish(): void {
    const ex = this.pipeline.stages.ex;
    const w3 = (n: number) => lit(n, 3);
    let own: Expr = w3(0);
    for (const g of this.groups) own = mux(g.cond, w3(g.writes.length), own);
    const slots = CSR_WRITES.map((_, j) => {
      let addr: Expr = lit(0, 12);
      let value: Expr = lit(0, 32);
      for (const g of this.groups) {
        const w = g.writes[j];
        if (!w) continue;
        addr = mux(g.cond, w[0], addr);
        value = mux(g.cond, w[1], value);
      }
      return { addr, value };
    });
    let pos = own;
    for (const t of this.trailing) {
      slots.forEach((slot, j) => {
        const here = t.cond.and(pos.eq(j));
        slot.addr = mux(here, t.write[0], slot.addr);
        slot.value = mux(here, t.write[1], slot.value);
      });
      pos = pos.add(t.cond.zext(3));
    }
    ex.insert(CSR_COUNT, mux(pos.gt(MAX_CSR_WRITES), w3(MAX_CSR_WRITES), pos));
    CSR_WRITES.forEach((k, j) => {
      ex.insert(k.addr, slots[j]!.addr);
      ex.insert(k.value, slots[j]!.value);
    });
  }
}
