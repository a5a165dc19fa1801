import { lit, mux, orAll, UInt, type Expr, type Signal } from '../../hdl/index.ts';
import { instructionById, type InstrDef } from '../../isa/index.ts';
import { decoder, defaultImmOperand, type DecoderEntry } from '../decode/decoder.ts';
import { ILLEGAL, ILLEGAL_C, IMM, INSTR, IS32, NEXT_PC, PC, RD_WRITE, RS1_READ, RS2_READ } from './keys.ts';
import type { Pipeline, Stage, StageName } from './pipeline.ts';
import type { Stageable } from './stageable.ts';

interface Entry {
  def: InstrDef;
  values: Map<Stageable, number>;
  imm?: string;
}

/**
 * The decode service: parts register table entries (instruction id -> control values) in `setup`; at the
 * end the service elaborates the generated decoder (src/core/decode/decoder.ts) in ID and inserts every
 * control, the immediate and `illegal`. The register roles (rs1/rs2 read, rd written) come from the table.
 */
export class DecodeService {
  private readonly controls: Stageable[] = [RS1_READ, RS2_READ, RD_WRITE];
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly pipeline: Pipeline,
    private readonly allowed: ReadonlySet<string>,
  ) {
    for (const c of this.controls) pipeline.produce(c, 'id');
    pipeline.produce(ILLEGAL, 'id');
    pipeline.produce(IMM, 'id');
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

  /** Decodes instruction `id` with these control values; `imm` names the immediate operand (default: the first). */
  add(id: string, values: Array<[Stageable, number]> = [], opts: { imm?: string | null } = {}): void {
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
        [RD_WRITE, e.def.writesRd ? 1 : 0],
      ]);
      const values = this.controls.map((k) => e.values.get(k) ?? std.get(k) ?? 0);
      return e.imm ? { id: e.def.id, values, imm: e.imm } : { id: e.def.id, values };
    });
    const d = this.pipeline.m.instance(
      decoder,
      { controls: this.controls.map((k) => ({ name: k.name, width: k.type.width })), entries },
      'decoder',
    ) as Record<string, Signal>;
    d.instr!.set(id.input(INSTR));
    for (const k of this.controls) id.insert(k, d[k.name]!);
    id.insert(IMM, d.imm!);
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
 * Changes of control flow, all decided in EX: taken branches and jumps, traps, mret, fence.i. Requests are
 * served by priority (lower number first); the winner redirects fetch in the cycle EX fires, kills IF and
 * ID, and becomes the instruction's NEXT_PC (otherwise pc + size).
 */
export class RedirectService {
  private readonly requests: Array<{ cond: Expr; target: Expr; priority: number }> = [];
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

  request(cond: Expr, target: Expr, priority: number): void {
    this.requests.push({ cond, target, priority });
  }

  private finish(): void {
    const ex: Stage = this.pipeline.stages.ex;
    const reqs = [...this.requests].sort((a, b) => a.priority - b.priority);
    const any = reqs.length ? orAll(reqs.map((r) => r.cond)) : lit(0, 1);
    let target: Expr = lit(0, 32);
    for (const r of [...reqs].reverse()) target = mux(r.cond, r.target, target);
    const seq = ex.input(PC).add(mux(ex.input(IS32), lit(4, 32), lit(2, 32)));
    ex.insert(NEXT_PC, mux(any, target, seq));
    this.valid.set(ex.fire.and(any));
    this.target.set(target);
    this.pipeline.stages.id.killWhen(this.valid);
    this.pipeline.stages.if.killWhen(this.valid);
  }
}
