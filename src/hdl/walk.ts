import type { Expr } from './expr.ts';
import type { Signal } from './signal.ts';

/**
 * Walks share one counter: a node whose `mark` equals the current walk's number was already visited. This
 * is much faster than a Set on 100k-node designs.
 */
let epoch = 0;

/** Starts a walk whose visited set can span several `visitExpr` calls. */
export function newWalk(): number {
  return ++epoch;
}

/**
 * Visits every node of an expression DAG once (iteratively: generated trees can be deep). Returning false
 * from `visit` skips the node's operands.
 */
export function visitExpr(root: Expr, visit: (e: Expr) => boolean | void, walk: number = newWalk()): void {
  const todo: Expr[] = [root];
  while (todo.length) {
    const e = todo.pop()!;
    if (e.mark === walk) continue;
    e.mark = walk;
    if (visit(e) === false) continue;
    for (const a of e.args) if (a.mark !== walk) todo.push(a);
  }
}

/** Signals an expression reads. */
export function signalsOf(root: Expr, out: Set<Signal> = new Set()): Set<Signal> {
  visitExpr(root, (e) => {
    if (e.op === 'sig') out.add(e as Signal);
  });
  return out;
}
