import { lit, mux, type Expr } from '../../hdl/index.ts';
import { CSR_COUNT, CSR_WRITES, MAX_CSR_WRITES } from './keys.ts';
import type { Pipeline } from './pipeline.ts';

/**
 * The CSR writes of the retirement record, assembled in EX in the golden model's order: first the writes
 * of the instruction itself (one group per kind of instruction, mutually exclusive: a trap's four, mret's
 * one, a CSR instruction's one, an lp.* setup's up to three), then trailing writes that can come on top
 * (the hardware-loop counter decrements), each in the next free slot.
 */
export class CsrRecordService {
  private readonly groups: Array<{ cond: Expr; writes: Array<[Expr, Expr]> }> = [];
  private readonly own: Array<{ cond: Expr; write: [Expr, Expr] }> = [];
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

  /**
   * A write the instruction itself makes on top of its group (the status-based controller's and address
   * streams' updates): after the group's writes, before every `append`ed one (in the order of the calls).
   */
  appendOwn(cond: Expr, addr: Expr, value: Expr): void {
    this.own.push({ cond, write: [addr, value] });
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
    for (const t of [...this.own, ...this.trailing]) {
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
