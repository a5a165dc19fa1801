import { warning, type HdlDiagnostic } from './errors.ts';
import type { Expr } from './expr.ts';
import type { ModuleDef, Stmt } from './ir.ts';
import type { Signal } from './signal.ts';
import { newWalk, visitExpr } from './walk.ts';

/**
 * What of a module reaches its outputs (dead-code removal) and which bits of each signal are read. The
 * emitter drops dead logic and marks declared-but-unread bits so Verilator -Wall stays quiet for a reason
 * it can see, instead of being silenced globally.
 */
export interface ModuleUsage {
  /** signals that influence an output or a child's input */
  live: Set<Signal>;
  /** signals with bits nobody reads: `true` when no bit is read, else the unread bits as `[7:4]`, `[0]`... */
  unread: Map<Signal, true | string>;
  needsClock: boolean;
  needsReset: boolean;
  warnings: HdlDiagnostic[];
}

const usageOf = new WeakMap<ModuleDef, ModuleUsage>();

export function analyze(def: ModuleDef): ModuleUsage {
  if (def.ram) {
    const u: ModuleUsage = { live: new Set(def.ports), unread: new Map(), needsClock: true, needsReset: false, warnings: [] };
    usageOf.set(def, u);
    return u;
  }
  const deps = dependencies(def);
  const live = new Set<Signal>();
  const todo: Signal[] = [];
  const mark = (s: Signal) => {
    if (!live.has(s)) {
      live.add(s);
      todo.push(s);
    }
  };
  for (const s of def.signals) if (s.kind === 'output' || s.kind === 'instIn') mark(s);
  const seen = newWalk();
  while (todo.length) {
    const s = todo.pop()!;
    for (const e of deps.get(s) ?? []) {
      visitExpr(e, (x) => {
        if (x.op === 'sig') mark(x as Signal);
      }, seen);
    }
  }

  const bits = readBits(live, deps);
  const unread = new Map<Signal, true | string>();
  const warnings: HdlDiagnostic[] = [];
  for (const s of def.signals) {
    if (s.kind === 'output' || s.kind === 'instIn') continue;
    const b = bits.get(s);
    if (!live.has(s) || b === undefined) {
      unread.set(s, true);
      if (s.kind === 'input') warnings.push(warning(`input '${s.name}' is never used`, s.loc));
      else if (s.kind === 'wire' || s.kind === 'reg') {
        warnings.push(warning(`'${s.name}' is never used (removed from the emitted SV)`, s.loc));
      }
    } else if (b !== 'all') {
      unread.set(s, describeUnread(b));
    }
  }

  let needsClock = false;
  let needsReset = false;
  for (const s of live) {
    if (s.kind === 'reg') {
      needsClock = true;
      if (s.reset !== null) needsReset = true;
    }
  }
  for (const inst of def.instances) {
    const cu = usageOf.get(inst.def)!;
    needsClock ||= cu.needsClock;
    needsReset ||= cu.needsReset;
  }
  const u = { live, unread, needsClock, needsReset, warnings };
  usageOf.set(def, u);
  return u;
}

/** Every expression a signal's value depends on: assigned values, enclosing conditions, register enable. */
export function dependencies(def: ModuleDef): Map<Signal, Set<Expr>> {
  const deps = new Map<Signal, Set<Expr>>();
  const walk = (block: Stmt[], conds: Expr[]) => {
    for (const st of block) {
      if (st.kind === 'assign') {
        let d = deps.get(st.target);
        if (!d) deps.set(st.target, (d = new Set()));
        d.add(st.value);
        for (const c of conds) d.add(c);
      } else if (st.kind === 'when') {
        const prior: Expr[] = [];
        for (const b of st.branches) {
          if (b.cond) prior.push(b.cond);
          walk(b.body, [...conds, ...prior]);
        }
      } else {
        for (const c of st.cases) walk(c.body, [...conds, st.sel]);
      }
    }
  };
  walk(def.body, []);
  for (const s of def.signals) if (s.enable) deps.get(s)?.add(s.enable);
  for (const inst of def.instances) {
    // a child's outputs depend (for liveness) on all of its inputs: the child is kept whole
    const inputs = [...inst.conns.values()].filter((x) => x.kind === 'instIn');
    for (const local of inst.conns.values()) if (local.kind === 'instOut') deps.set(local, new Set(inputs));
  }
  return deps;
}

/** Per live-read signal: 'all' or a bitmap of the bits read through slices. */
function readBits(live: Set<Signal>, deps: Map<Signal, Set<Expr>>): Map<Signal, 'all' | Uint8Array> {
  const bits = new Map<Signal, 'all' | Uint8Array>();
  const seen = newWalk();
  for (const s of live) {
    for (const e of deps.get(s) ?? []) {
      visitExpr(e, (x) => {
        if (x.op === 'sig') {
          bits.set(x as Signal, 'all');
          return false;
        }
        // a slice, or a narrowing resize (`trunc`), of a signal reads only some of its bits
        const narrowed = x.op === 'resize' && x.width < x.args[0]!.width;
        if ((x.op === 'slice' || narrowed) && x.args[0]!.op === 'sig') {
          const sig = x.args[0] as Signal;
          let b = bits.get(sig);
          if (b === 'all') return false;
          if (!b) bits.set(sig, (b = new Uint8Array(sig.width)));
          const lo = x.op === 'slice' ? Number(x.value) : 0;
          for (let i = lo; i < lo + x.width; i++) b[i] = 1;
          if (b.every((v) => v)) bits.set(sig, 'all');
          return false;
        }
        return true;
      }, seen);
    }
  }
  return bits;
}

function describeUnread(b: Uint8Array): string {
  const ranges: string[] = [];
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i]) continue;
    let j = i;
    while (j - 1 >= 0 && !b[j - 1]) j--;
    ranges.push(i === j ? `[${i}]` : `[${i}:${j}]`);
    i = j;
  }
  return ranges.join(',');
}
