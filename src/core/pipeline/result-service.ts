import { lit, mux, orAll, type Expr } from '../../hdl/index.ts';
import type { Pipeline, StageName } from './pipeline.ts';
import type { Stageable } from './stageable.ts';

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
