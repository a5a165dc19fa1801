import { lit, mux, orAll, UInt, type Expr, type Signal } from '../../hdl/index.ts';
import { IS32, NEXT_PC, PC, PRED_NPC } from './keys.ts';
import type { Pipeline, Stage } from './pipeline.ts';

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
