import { callerSource, type Expr, type Signal } from '../../hdl/index.ts';
import { instructionById, type InstrDef } from '../../isa/index.ts';
import { decoder, defaultImmOperand, type DecoderEntry } from '../decode/decoder.ts';
import { ILLEGAL, ILLEGAL_C, IMM, IMM2, INSTR, RD_WRITE, RS1_READ, RS1_WB, RS2_READ, RS3_READ } from './keys.ts';
import type { Pipeline } from './pipeline.ts';
import type { Stageable } from './stageable.ts';

/** A refinement of a control: its decoded value, every decoded control, the immediate -> its value. */
export type Refiner = (value: Expr, decoded: (k: Stageable) => Expr, imm: Expr) => Expr;

interface Entry {
  def: InstrDef;
  values: Map<Stageable, number>;
  /** the part's `decode.add` call (the last one for this id) */
  source?: string;
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
  private readonly refiners = new Map<Stageable, Array<Refiner>>();
  private readonly illegal: Array<(decoded: (k: Stageable) => Expr) => Expr> = [];

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
    e.source = callerSource(import.meta.url);
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

  /**
   * Refines a decoded control in ID from the other controls and the immediate: for instructions whose
   * effects depend on an operand (Mac&Load loads and post-increments only when imm5 asks for a load).
   */
  refine(key: Stageable, f: Refiner): void {
    this.control(key);
    this.refiners.set(key, [...(this.refiners.get(key) ?? []), f]);
  }

  /** Makes the instruction in ID illegal when `cond` (of the decoded controls) holds (build phase). */
  illegalWhen(cond: (decoded: (k: Stageable) => Expr) => Expr): void {
    this.illegal.push(cond);
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
      return {
        id: e.def.id,
        values,
        ...(e.imm ? { imm: e.imm } : {}),
        ...(e.imm2 ? { imm2: e.imm2 } : {}),
        ...(e.source ? { source: e.source } : {}),
      };
    });
    const d = this.pipeline.m.instance(
      decoder,
      {
        controls: this.controls.map((k) => {
          const e = (k.type as { enum?: { name: string } }).enum;
          return { name: k.name, width: k.type.width, ...(e ? { enum: e.name } : {}) };
        }),
        entries,
      },
      'decoder',
    ) as Record<string, Signal>;
    d.instr!.set(id.input(INSTR));
    const decoded = (k: Stageable): Expr => d[k.name]!;
    for (const k of this.controls) {
      const value = (this.refiners.get(k) ?? []).reduce<Expr>((v, f) => f(v, decoded, d.imm!), d[k.name]!);
      id.insert(k, value);
    }
    id.insert(IMM, d.imm!);
    id.insert(IMM2, d.imm2!);
    id.insert(ILLEGAL, this.illegal.reduce<Expr>((v, c) => v.or(c(decoded)), d.illegal!.or(id.input(ILLEGAL_C))));
  }
}
