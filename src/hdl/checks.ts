import { fail, type Expr } from './expr.ts';
import { mask } from './fold.ts';
import type { ModuleDef, Stmt } from './ir.ts';
import type { Loc } from './loc.ts';
import type { Signal } from './signal.ts';
import { signalsOf } from './walk.ts';

/**
 * Structural checks of one module, run right after its body (children are already checked, so their
 * combinational port-to-port paths are known). Each failure throws an HdlError at the user's line.
 */
export function checkModule(def: ModuleDef): void {
  const covered = checkBlock(def.body);
  checkUndriven(def);
  checkLatches(def, covered);
  def.combPaths = checkCombLoops(def);
}

/** Name used in messages: instance ports read as `inst.port`. */
export function displayName(s: Signal): string {
  return s.inst ? `${s.inst.name}.${s.port!.name}` : s.name;
}

const isComb = (s: Signal) => s.kind === 'wire' || s.kind === 'output' || s.kind === 'instIn';

// ---- multiple drivers and full coverage --------------------------------------------------------------

interface BlockResult {
  /** signals assigned on every path through the block */
  covered: Set<Signal>;
  /** every signal assigned anywhere in the block, with its first assignment */
  assigned: Map<Signal, Loc>;
}

/**
 * The last assignment on a path wins, so "default first, then override in a when" is the idiom. What is
 * an error: an unconditional assignment after another assignment to the same signal in the same block,
 * which silently discards the earlier one (two drivers).
 */
function checkBlock(block: Stmt[]): BlockResult {
  const covered = new Set<Signal>();
  const assigned = new Map<Signal, Loc>();
  for (const st of block) {
    if (st.kind === 'assign') {
      const prev = assigned.get(st.target);
      if (prev) {
        fail(
          `multiple drivers: '${displayName(st.target)}' is assigned here and at ${prev}; ` +
            `this unconditional assignment overrides the earlier one (assign a default first, then override it inside when)`,
          st.loc,
        );
      }
      assigned.set(st.target, st.loc);
      covered.add(st.target);
      continue;
    }
    const branches = st.kind === 'when' ? st.branches : st.cases;
    const complete =
      st.kind === 'when'
        ? st.branches.some((b) => b.cond === null)
        : st.cases.some((c) => c.values === null) ||
          BigInt(st.cases.reduce((n, c) => n + (c.values?.length ?? 0), 0)) === mask(st.sel.width) + 1n;
    let common: Set<Signal> | null = null;
    for (const b of branches) {
      const r = checkBlock(b.body);
      for (const [s, loc] of r.assigned) if (!assigned.has(s)) assigned.set(s, loc);
      if (common === null) common = r.covered;
      else for (const s of common) if (!r.covered.has(s)) common.delete(s);
    }
    if (complete && common) for (const s of common) covered.add(s);
  }
  return { covered, assigned };
}

function checkUndriven(def: ModuleDef): void {
  for (const s of def.signals) {
    if (s.assignments > 0) continue;
    if (s.kind === 'output') fail(`output '${s.name}' is never driven`, s.loc);
    if (s.kind === 'wire') fail(`wire '${s.name}' is never driven`, s.loc);
    if (s.kind === 'reg') fail(`register '${s.name}' never gets a next value (setNext)`, s.loc);
    if (s.kind === 'instIn' && s.inst!.def.ram) {
      const reading = s.port!.name === 're' || s.port!.name === 'raddr';
      fail(`memory '${s.inst!.name}' is never ${reading ? 'read: call .read(addr)' : 'written: call .write(addr, data, enable)'}`, s.loc);
    }
    if (s.kind === 'instIn') fail(`input '${s.port!.name}' of instance '${s.inst!.name}' is never driven`, s.loc);
  }
}

function checkLatches(def: ModuleDef, top: BlockResult): void {
  for (const s of def.signals) {
    if (!isComb(s) || s.assignments === 0 || top.covered.has(s)) continue;
    fail(
      `latch inferred: '${displayName(s)}' is not assigned on every path of its when/switch ` +
        `(assign a default before it, or add otherwise/default)`,
      top.assigned.get(s)!,
    );
  }
}

// ---- combinational loops -----------------------------------------------------------------------------

/** For each combinational signal, the signals its value and its enclosing conditions read. */
export function combDependencies(def: ModuleDef): Map<Signal, Set<Signal>> {
  const deps = new Map<Signal, Set<Signal>>();
  const condRefs = new Map<Expr, Set<Signal>>();
  const refsOfCond = (e: Expr) => {
    let r = condRefs.get(e);
    if (!r) condRefs.set(e, (r = signalsOf(e)));
    return r;
  };
  const walk = (block: Stmt[], conds: Expr[]) => {
    for (const st of block) {
      if (st.kind === 'assign') {
        if (st.seq) continue;
        let d = deps.get(st.target);
        if (!d) deps.set(st.target, (d = new Set()));
        signalsOf(st.value, d);
        for (const c of conds) for (const s of refsOfCond(c)) d.add(s);
      } else if (st.kind === 'when') {
        for (const b of st.branches) {
          // a branch also depends on the conditions of the branches before it
          walk(b.body, [...conds, ...st.branches.slice(0, st.branches.indexOf(b) + 1).flatMap((x) => (x.cond ? [x.cond] : []))]);
        }
      } else {
        for (const c of st.cases) walk(c.body, [...conds, st.sel]);
      }
    }
  };
  walk(def.body, []);
  for (const inst of def.instances) {
    for (const [port, local] of inst.conns) {
      if (local.kind !== 'instOut') continue;
      const d = new Set<Signal>();
      for (const input of inst.def.combPaths?.get(port) ?? []) d.add(inst.conns.get(input)!);
      deps.set(local, d);
    }
  }
  return deps;
}

function checkCombLoops(def: ModuleDef): Map<Signal, Set<Signal>> {
  const deps = combDependencies(def);
  const state = new Map<Signal, 1 | 2>(); // 1: on the DFS stack, 2: done
  const reach = new Map<Signal, Set<Signal>>(); // inputs reachable through combinational logic
  for (const root of deps.keys()) {
    if (state.has(root)) continue;
    const stack: { s: Signal; it: Iterator<Signal> }[] = [{ s: root, it: (deps.get(root) ?? new Set()).values() }];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const n = top.it.next();
      if (n.done) {
        state.set(top.s, 2);
        const r = new Set<Signal>();
        for (const d of deps.get(top.s) ?? []) {
          if (d.kind === 'input') r.add(d);
          for (const x of reach.get(d) ?? []) r.add(x);
        }
        reach.set(top.s, r);
        stack.pop();
        continue;
      }
      const d = n.value;
      const st = state.get(d);
      if (st === 1) reportLoop(stack.map((f) => f.s), d);
      if (st === 2 || !deps.has(d)) continue;
      state.set(d, 1);
      stack.push({ s: d, it: deps.get(d)!.values() });
    }
  }
  const paths = new Map<Signal, Set<Signal>>();
  for (const p of def.ports) if (p.kind === 'output') paths.set(p, reach.get(p) ?? new Set());
  return paths;
}

function reportLoop(stack: Signal[], back: Signal): never {
  // stack[i] reads stack[i+1]; print the loop in the direction data flows
  const loop = stack.slice(stack.indexOf(back)).reverse();
  // start at the signal declared first, so the message does not depend on where the search began
  const order = loop[0]!.owner!.signals;
  const first = loop.reduce((best, s, i) => (order.indexOf(s) < order.indexOf(loop[best]!) ? i : best), 0);
  const cycle = [...loop.slice(first), ...loop.slice(0, first)];
  const names = [...cycle, cycle[0]!].map(displayName).join(' -> ');
  const at = cycle.find((s) => s.kind !== 'instOut') ?? cycle[0]!;
  fail(`combinational loop: ${names}`, firstAssignLoc(at));
}

function firstAssignLoc(s: Signal): Loc {
  const owner = s.owner!;
  let found: Loc | undefined;
  const walk = (block: Stmt[]) => {
    for (const st of block) {
      if (found) return;
      if (st.kind === 'assign') {
        if (st.target === s) found = st.loc;
      } else if (st.kind === 'when') for (const b of st.branches) walk(b.body);
      else for (const c of st.cases) walk(c.body);
    }
  };
  walk(owner.body);
  return found ?? s.loc;
}
