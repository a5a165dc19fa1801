import { Bool, mux, orAll, type Expr, type ModuleBuilder, type Signal } from '../../hdl/index.ts';
import type { Stageable } from './stageable.ts';

/** The four stages of the RI5CY/CV32E40P-class pipeline, in order. */
export const STAGE_NAMES = ['if', 'id', 'ex', 'wb'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/**
 * One pipeline stage. Its instruction is `valid`; parts hold it with `haltWhen` (it stays, the stages behind
 * it wait) and discard it with `killWhen`. `fire` is the cycle the instruction completes the stage: parts
 * commit side effects (register writes, CSR writes, redirects) only then.
 */
export class Stage {
  /** IF: a wire the fetch part drives; later stages: the `<stage>_valid` register. */
  readonly valid: Signal;
  readonly halt: Signal;
  readonly kill: Signal;
  /** Valid, not halted, and the next stage takes it (it may still be killed). */
  readonly moving: Signal;
  private readonly acceptWire: Signal | undefined;
  /** The instruction leaves the stage for good: moving and not killed. */
  readonly fire: Signal;
  private readonly halts: Expr[] = [];
  private readonly kills: Expr[] = [];
  private readonly values = new Map<Stageable, Signal>();
  private readonly inserted = new Set<Stageable>();

  constructor(
    readonly pipeline: Pipeline,
    readonly name: StageName,
    readonly index: number,
  ) {
    const m = pipeline.m;
    this.valid = index === 0 ? m.wire(`${name}_valid`, Bool()) : m.reg(`${name}_valid`, Bool());
    this.halt = m.wire(`${name}_halt`, Bool());
    this.kill = m.wire(`${name}_kill`, Bool());
    this.moving = m.wire(`${name}_moving`, Bool());
    this.acceptWire = index === 0 ? undefined : m.wire(`${name}_accept`, Bool());
    this.fire = m.wire(`${name}_fire`, Bool());
  }

  /** This stage can take a new instruction at the next clock edge (IF has no input, hence no accept). */
  get accept(): Signal {
    if (!this.acceptWire) throw new Error(`pipeline: ${this.name} is the first stage and has no accept`);
    return this.acceptWire;
  }

  get next(): Stage | undefined {
    return this.pipeline.stageList[this.index + 1];
  }

  get previous(): Stage | undefined {
    return this.pipeline.stageList[this.index - 1];
  }

  /** Holds the instruction in this stage this cycle. Must not depend on this stage's own moving/fire. */
  haltWhen(cond: Expr): void {
    this.halts.push(cond);
  }

  /** Discards the instruction in this stage (a redirect behind it). */
  killWhen(cond: Expr): void {
    this.kills.push(cond);
  }

  /**
   * The value of `key` for the instruction in this stage: the inserted value in the stage that produces it,
   * a pipeline register (`<stage>_<key>_q`) in every later stage.
   */
  input(key: Stageable): Signal {
    const have = this.values.get(key);
    if (have) return have;
    const home = this.pipeline.producer(key);
    if (home.index > this.index) {
      throw new Error(`pipeline: ${key.name} is produced in ${home.name}, it cannot be read in the earlier stage ${this.name}`);
    }
    const m = this.pipeline.m;
    let s: Signal;
    if (home === this) s = m.wire(`${this.name}_${key.name}`, key.type);
    else {
      const prev = this.previous!;
      s = m.reg(`${this.name}_${key.name}`, key.type, { enable: prev.fire }) as Signal;
      s.setNext(prev.input(key));
    }
    this.values.set(key, s);
    return s;
  }

  /** Drives `key` in its producing stage. */
  insert(key: Stageable, value: Expr): void {
    if (this.pipeline.producer(key) !== this) throw new Error(`pipeline: ${key.name} is not produced in ${this.name}`);
    if (this.inserted.has(key)) throw new Error(`pipeline: ${key.name} inserted twice in ${this.name}`);
    this.inserted.add(key);
    this.input(key).set(value);
  }

  /** Connects the stage's control signals; called once by the pipeline after every part has built. */
  finish(): void {
    const next = this.next;
    this.halt.set(this.halts.length ? orAll(this.halts) : false);
    this.kill.set(this.kills.length ? orAll(this.kills) : false);
    const nextAccepts = next ? next.accept : true;
    this.moving.set(this.valid.and(this.halt.not()).and(nextAccepts));
    this.acceptWire?.set(this.valid.not().or(this.moving).or(this.kill));
    this.fire.set(this.moving.and(this.kill.not()));
    const prev = this.previous;
    if (prev) this.valid.setNext(mux(this.accept, prev.fire, this.valid));
    for (const key of this.values.keys()) {
      if (this.pipeline.producer(key) === this && !this.inserted.has(key)) {
        throw new Error(`pipeline: ${key.name} is read but no part inserts it in ${this.name}`);
      }
    }
  }
}

/** Something that happens when the pipeline is complete (services build their logic here). */
export type Finisher = () => void;

/**
 * The pipeline skeleton: stages, the stage each named value is produced in, and the finishing hooks of the
 * services. Parts (src/core/parts) declare what they produce in `setup` and plug logic into stages in `build`.
 */
export class Pipeline {
  readonly stageList: Stage[];
  readonly stages: Record<StageName, Stage>;
  private readonly producers = new Map<Stageable, Stage>();
  private readonly finishers: Finisher[] = [];

  constructor(readonly m: ModuleBuilder) {
    this.stageList = STAGE_NAMES.map((n, i) => new Stage(this, n, i));
    this.stages = Object.fromEntries(this.stageList.map((s) => [s.name, s])) as Record<StageName, Stage>;
  }

  /** Declares that `key` is computed in `stage` (setup phase). */
  produce(key: Stageable, stage: StageName): void {
    const had = this.producers.get(key);
    if (had && had.name !== stage) throw new Error(`pipeline: ${key.name} produced in both ${had.name} and ${stage}`);
    this.producers.set(key, this.stages[stage]);
  }

  producer(key: Stageable): Stage {
    const s = this.producers.get(key);
    if (!s) throw new Error(`pipeline: no part produces ${key.name}`);
    return s;
  }

  produces(key: Stageable): boolean {
    return this.producers.has(key);
  }

  onFinish(f: Finisher): void {
    this.finishers.push(f);
  }

  /** Runs the services' finishers (they may insert values), then closes every stage's control. */
  finish(): void {
    for (const f of this.finishers) f();
    for (const s of this.stageList) s.finish();
  }
}
