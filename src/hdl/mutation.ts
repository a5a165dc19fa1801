import { analyze } from './analyze.ts';
import type { Design } from './elaborate.ts';
import { constant, Expr, type Op } from './expr.ts';
import type { ModuleDef, Stmt } from './ir.ts';
import type { Loc } from './loc.ts';
import { svNames } from './naming.ts';
import { Signal } from './signal.ts';

/**
 * Mutation points of an elaborated design and the mutant schema that puts them behind one select input.
 * The transform works on the IR after elaboration (every check already passed) and before emission, so a
 * mutant is as lint-clean as the design and keeps the source location of the builder call it changes. The
 * emitter is untouched: a design without mutants emits exactly as before.
 */

/** The mutation operators. Each applies to one kind of IR node (see `pointsOf`). */
export const MUTATION_OPERATORS = [
  'negate-cond', // a when/else-if condition inverted
  'swap-mux', // the two data arms of a mux exchanged
  'stuck-0', // one bit of a register reads 0
  'stuck-1', // one bit of a register reads 1
  'const-inc', // a literal operand + 1 (wrapping)
  'const-dec', // a literal operand - 1 (wrapping)
  'drop-enable', // a register loads every cycle (its enable ignored)
  'swap-operands', // operands of a non-commutative operator (-, <, <=, >, >=, two-part concatenation) exchanged
  'sibling-op', // + <-> -, & <-> |, < <-> <=, > <-> >=
  'flip-signedness', // a signed comparison made unsigned and the other way round
] as const;
export type MutationOperator = (typeof MUTATION_OPERATORS)[number];

/** One place a mutant can be planted. `key` names it stably (module, operator, source location, rank). */
export interface MutationPoint {
  /** index in the design's enumeration order */
  index: number;
  key: string;
  operator: MutationOperator;
  module: string;
  loc: Loc;
  /** `src/core/units/lsu.ts:42:7` (relative to the working directory) */
  where: string;
  /** what exactly changes, for reports: `bit 3 of 'pc_q'`, `sub`, `literal 4'd2 -> 4'd3` */
  detail: string;
  /** internal: the module and the node or statement the mutation applies to */
  def: ModuleDef;
  target: PointTarget;
}

type PointTarget =
  | { kind: 'node'; node: Expr }
  | { kind: 'edge'; node: Expr; arg: number }
  | { kind: 'read'; sig: Signal; bit: number }
  | { kind: 'cond'; branch: { cond: Expr | null } }
  | { kind: 'enable'; reg: Signal };

const SIBLING: Partial<Record<Op, Op>> = { add: 'sub', sub: 'add', and: 'or', or: 'and', lt: 'le', le: 'lt', gt: 'ge', ge: 'gt' };
const NON_COMMUTATIVE = new Set<Op>(['sub', 'lt', 'le', 'gt', 'ge']);
const ORDERED = new Set<Op>(['lt', 'le', 'gt', 'ge']);

/** Every mutation point of the design's live logic, in a deterministic order (modules, statements, operands). */
export function mutationPoints(design: Design): MutationPoint[] {
  const points: MutationPoint[] = [];
  const rank = new Map<string, number>();
  const add = (def: ModuleDef, operator: MutationOperator, loc: Loc, detail: string, target: PointTarget) => {
    const where = loc.toString();
    const base = `${def.name}|${operator}|${where}`;
    const n = rank.get(base) ?? 0;
    rank.set(base, n + 1);
    points.push({ index: points.length, key: `${base}|${n}`, operator, module: def.name, loc, where, detail, def, target });
  };
  for (const def of design.modules) {
    if (def.ram) continue;
    const live = design.usage.get(def)!.live;
    const seen = new Set<Expr>();
    const visit = (root: Expr) => {
      // iterative pre-order over the DAG (operands in order), each node once per module
      const todo: Expr[] = [root];
      while (todo.length) {
        const e = todo.pop()!;
        if (seen.has(e)) continue;
        seen.add(e);
        nodePoints(def, e, add);
        for (let i = e.args.length - 1; i >= 0; i--) todo.push(e.args[i]!);
      }
    };
    const walk = (stmts: Stmt[]) => {
      for (const st of stmts) {
        if (!drivesLive(st, live)) continue;
        if (st.kind === 'assign') visit(st.value);
        else if (st.kind === 'when') {
          for (const b of st.branches) {
            if (b.cond) {
              add(def, 'negate-cond', b.loc, `condition of when at ${b.loc.short()}`, { kind: 'cond', branch: b });
              visit(b.cond);
            }
            walk(b.body);
          }
        } else {
          visit(st.sel);
          for (const c of st.cases) walk(c.body);
        }
      }
    };
    walk(def.body);
    for (const s of def.signals) {
      if (s.kind !== 'reg' || !live.has(s)) continue;
      if (s.enable) {
        add(def, 'drop-enable', s.loc, `enable of '${s.name}'`, { kind: 'enable', reg: s });
        visit(s.enable);
      }
      for (let bit = 0; bit < s.width; bit++) {
        add(def, 'stuck-0', s.loc, `bit ${bit} of '${s.name}'`, { kind: 'read', sig: s, bit });
        add(def, 'stuck-1', s.loc, `bit ${bit} of '${s.name}'`, { kind: 'read', sig: s, bit });
      }
    }
  }
  return points;
}

type Adder = (def: ModuleDef, op: MutationOperator, loc: Loc, detail: string, target: PointTarget) => void;

function nodePoints(def: ModuleDef, e: Expr, add: Adder): void {
  if (e.op === 'const' || e.op === 'sig') return;
  if (e.op === 'mux') add(def, 'swap-mux', e.loc, 'mux arms', { kind: 'node', node: e });
  const sib = SIBLING[e.op];
  if (sib) add(def, 'sibling-op', e.loc, `${e.op} -> ${sib}`, { kind: 'node', node: e });
  if (NON_COMMUTATIVE.has(e.op) || (e.op === 'cat' && e.args.length === 2 && e.args[0]!.width === e.args[1]!.width)) {
    add(def, 'swap-operands', e.loc, `operands of ${e.op}`, { kind: 'node', node: e });
  }
  if (ORDERED.has(e.op)) {
    add(def, 'flip-signedness', e.loc, `${e.args[0]!.signed ? 'signed' : 'unsigned'} ${e.op}`, { kind: 'node', node: e });
  }
  e.args.forEach((a, i) => {
    if (a.op !== 'const') return;
    const lit = `${a.width}'d${a.value}`;
    add(def, 'const-inc', e.loc, `literal ${lit} of ${e.op} + 1`, { kind: 'edge', node: e, arg: i });
    add(def, 'const-dec', e.loc, `literal ${lit} of ${e.op} - 1`, { kind: 'edge', node: e, arg: i });
  });
}

function drivesLive(st: Stmt, live: Set<Signal>): boolean {
  if (st.kind === 'assign') return live.has(st.target);
  if (st.kind === 'when') return st.branches.some((b) => b.body.some((x) => drivesLive(x, live)));
  return st.cases.some((c) => c.body.some((x) => drivesLive(x, live)));
}

/** Name of the select input: SV `mutant_sel_i` on the top and every module on the way to a mutant. */
export const MUTANT_SELECT = 'mutant_sel';

/**
 * Puts the chosen points (mutant ids 1..n in the given order) behind a select input, in place: each point
 * becomes `sel == id ? mutated : original`, so select 0 is the original design. Modules holding a mutant and
 * their ancestors get the input `mutant_sel` (threaded through instances); the usage analysis is redone.
 * Returns the select width. The design must be a fresh elaboration, used for nothing else.
 */
export function applyMutantSchema(design: Design, chosen: MutationPoint[]): number {
  const width = Math.max(1, Math.ceil(Math.log2(chosen.length + 1)));
  const byModule = new Map<ModuleDef, Array<{ p: MutationPoint; id: number }>>();
  chosen.forEach((p, i) => {
    if (!design.modules.includes(p.def)) throw new Error(`mutant schema: point ${p.key} belongs to another elaboration`);
    push(byModule, p.def, { p, id: i + 1 });
  });
  const needs = new Set<ModuleDef>();
  for (const def of design.modules) {
    if (byModule.has(def) || def.instances.some((i) => needs.has(i.def))) needs.add(def);
  }
  const selOf = new Map<ModuleDef, Signal>();
  for (const def of design.modules) {
    if (!needs.has(def)) continue;
    const sel = addSignal(def, MUTANT_SELECT, 'input', width, def.loc);
    selOf.set(def, sel);
    for (const inst of def.instances) {
      const childSel = selOf.get(inst.def);
      if (!childSel) continue;
      const local = addSignal(def, `${inst.name}_${MUTANT_SELECT}`, 'instIn', width, inst.loc);
      local.inst = inst;
      local.port = childSel;
      inst.conns.set(childSel, local);
      local.assignments = 1;
      def.body.push({ kind: 'assign', target: local, value: sel, seq: false, loc: inst.loc });
    }
    const mine = byModule.get(def);
    if (mine) plant(def, sel, mine);
  }
  for (const def of design.modules) design.usage.set(def, analyze(def));
  return width;
}

function addSignal(def: ModuleDef, name: string, kind: 'input' | 'instIn', width: number, loc: Loc): Signal {
  const sv = svNames(name, kind)[0]!;
  if (def.names.has(sv)) throw new Error(`mutant schema: module '${def.name}' already has a signal named '${sv}'`);
  def.names.set(sv, { name, what: 'mutant select', loc });
  const s = new Signal(name, kind, { kind: 'uint', width }, def, loc);
  def.signals.push(s);
  if (kind === 'input') def.ports.push(s);
  return s;
}

/** Rewrites one module's expressions with its mutants behind `sel == id`. */
function plant(def: ModuleDef, sel: Signal, mutants: Array<{ p: MutationPoint; id: number }>): void {
  const hits = new Map<number, Expr>();
  const hit = (id: number) => {
    let h = hits.get(id);
    if (!h) hits.set(id, (h = node('eq', 1, false, [sel, constant(BigInt(id), sel.width, false)], sel.loc)));
    return h;
  };
  const guard = (id: number, mutated: Expr, original: Expr) => node('mux', original.width, original.signed, [hit(id), mutated, original], original.loc);

  const onNode = new Map<Expr, Array<{ p: MutationPoint; id: number }>>();
  const onEdge = new Map<Expr, Array<{ arg: number; p: MutationPoint; id: number }>>();
  const onRead = new Map<Signal, Array<{ bit: number; p: MutationPoint; id: number }>>();
  for (const m of mutants) {
    const t = m.p.target;
    if (t.kind === 'node') push(onNode, t.node, m);
    else if (t.kind === 'edge') push(onEdge, t.node, { arg: t.arg, ...m });
    else if (t.kind === 'read') push(onRead, t.sig, { bit: t.bit, ...m });
  }

  const memo = new Map<Expr, Expr>();
  const rebuild = (root: Expr): Expr => {
    // iterative post-order: generated expression trees can be deep
    const stack: Array<{ e: Expr; done: boolean }> = [{ e: root, done: false }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (memo.has(top.e)) {
        stack.pop();
        continue;
      }
      if (!top.done) {
        top.done = true;
        for (const a of top.e.args) if (!memo.has(a)) stack.push({ e: a, done: false });
        continue;
      }
      stack.pop();
      memo.set(top.e, rewrite(top.e));
    }
    return memo.get(root)!;
  };
  const rewrite = (e: Expr): Expr => {
    if (e.op === 'sig') {
      let v: Expr = e;
      for (const m of onRead.get(e as Signal) ?? []) {
        const bit = 1n << BigInt(m.bit);
        const forced = m.p.operator === 'stuck-0'
          ? node('and', e.width, e.signed, [e, constant(~bit, e.width, e.signed)], e.loc)
          : node('or', e.width, e.signed, [e, constant(bit, e.width, e.signed)], e.loc);
        v = guard(m.id, forced, v);
      }
      return v;
    }
    if (e.op === 'const') return e;
    const args = e.args.map((a) => memo.get(a)!);
    const changed = args.some((a, i) => a !== e.args[i]);
    let v = changed ? node(e.op, e.width, e.signed, args, e.loc, e.value) : e;
    for (const m of onEdge.get(e) ?? []) {
      const k = e.args[m.arg]!;
      const delta = m.p.operator === 'const-inc' ? 1n : -1n;
      const mutatedArgs = [...args];
      mutatedArgs[m.arg] = constant(k.value + delta, k.width, k.signed);
      v = guard(m.id, node(e.op, e.width, e.signed, mutatedArgs, e.loc, e.value), v);
    }
    for (const m of onNode.get(e) ?? []) v = guard(m.id, mutate(m.p.operator, e, args), v);
    return v;
  };

  const walk = (stmts: Stmt[]) => {
    for (const st of stmts) {
      if (st.kind === 'assign') st.value = rebuild(st.value);
      else if (st.kind === 'when') {
        for (const b of st.branches) {
          if (b.cond) b.cond = rebuild(b.cond);
          walk(b.body);
        }
      } else {
        st.sel = rebuild(st.sel);
        for (const c of st.cases) walk(c.body);
      }
    }
  };
  // statement-level mutants first take the original conditions and enables, then everything is rebuilt
  const condMutants = mutants.filter((m) => m.p.target.kind === 'cond');
  const enableMutants = mutants.filter((m) => m.p.target.kind === 'enable');
  walk(def.body);
  for (const s of def.signals) if (s.kind === 'reg' && s.enable) s.enable = rebuild(s.enable);
  for (const m of condMutants) {
    const b = (m.p.target as { branch: { cond: Expr | null } }).branch;
    const c = b.cond!;
    b.cond = guard(m.id, node('not', 1, false, [c], c.loc), c);
  }
  for (const m of enableMutants) {
    const r = (m.p.target as { reg: Signal }).reg;
    const en = r.enable!;
    r.enable = guard(m.id, constant(1n, 1, false), en);
  }
}

function mutate(op: MutationOperator, e: Expr, args: Expr[]): Expr {
  switch (op) {
    case 'swap-mux':
      return node('mux', e.width, e.signed, [args[0]!, args[2]!, args[1]!], e.loc);
    case 'sibling-op':
      return node(SIBLING[e.op]!, e.width, e.signed, args, e.loc);
    case 'swap-operands':
      return node(e.op, e.width, e.signed, [args[1]!, args[0]!], e.loc);
    case 'flip-signedness': {
      const flip = (a: Expr) => node('reinterpret', a.width, !a.signed, [a], a.loc);
      return node(e.op, 1, false, [flip(args[0]!), flip(args[1]!)], e.loc);
    }
    default:
      throw new Error(`mutant schema: operator '${op}' does not apply to a ${e.op} node`);
  }
}

function node(op: Op, width: number, signed: boolean, args: Expr[], loc: Loc, value = 0n): Expr {
  // no folding or checks: the operands already passed them, and a mutant must not be simplified away
  return new Expr(op, width, signed, args, args.find((a) => a.owner)?.owner ?? null, loc, value);
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
