import { mux, type Expr, type GroundT, type Signal } from '../../hdl/index.ts';
import type { Pipeline } from './pipeline.ts';

/**
 * One value of a unit that extensions may replace under their own condition (VexRiscv's service pattern):
 * the owning part reads `value` (a wire) when it builds its unit and gives the default with `setDefault`;
 * extension parts register `override(cond, value)` in their build. When the pipeline finishes, `value`
 * becomes the first override whose condition holds, else the default. So the owner never knows which
 * extensions exist, and a configuration without them has no trace of them.
 */
export class OverrideService {
  private wire: Signal | undefined;
  private fallback: Expr | undefined;
  private readonly overrides: Array<{ cond: Expr; value: Expr; by: string }> = [];

  constructor(
    private readonly pipeline: Pipeline,
    readonly name: string,
    private readonly type: GroundT,
  ) {
    pipeline.onFinish(() => this.finish());
  }

  /** The value (a wire named after the service, created when first read: unread values leave no trace). */
  get value(): Signal {
    this.wire ??= this.pipeline.m.wire(this.name, this.type);
    return this.wire;
  }

  /** The owner's value (required once the value is read). */
  setDefault(value: Expr): void {
    if (this.fallback) throw new Error(`${this.name}: default set twice`);
    this.fallback = value;
  }

  /** `value` instead of the default when `cond` (earlier registrations win). `by` names the part in errors. */
  override(cond: Expr, value: Expr, by: string): void {
    if (value.width !== this.type.width) throw new Error(`${this.name}: override by ${by} is ${value.width} bits, the value ${this.type.width}`);
    this.overrides.push({ cond, value, by });
  }

  private finish(): void {
    if (!this.wire) return;
    if (!this.fallback) throw new Error(`${this.name}: no part set the default (the owning part is missing)`);
    let v: Expr = this.fallback;
    for (const o of [...this.overrides].reverse()) v = mux(o.cond, o.value, v);
    this.value.set(v);
  }
}
