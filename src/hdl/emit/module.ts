import type { ModuleUsage } from '../analyze.ts';
import type { Expr } from '../expr.ts';
import type { Assign, ModuleDef, Stmt, Switch, When } from '../ir.ts';
import type { Loc } from '../loc.ts';
import type { Signal } from '../signal.ts';
import { newWalk, visitExpr } from '../walk.ts';
import type { EnumDef } from '../enum.ts';
import { enumOf, ExprWriter, literalText } from './expr.ts';
import { fitLine } from './layout.ts';
import { CLOCK, Namer, RESET } from './names.ts';

export interface PortInfo {
  name: string;
  dir: 'input' | 'output';
  width: number;
  signed: boolean;
}

/** A module's SV text with `\u0001<id>\u0001` where a child's module name goes (names are chosen later). */
export interface ModuleText {
  body: string;
  ports: PortInfo[];
  /** enumerations whose members the text names (declared in the design's package) */
  enums: EnumDef[];
}

/**
 * Signals driven together and their statements, projected on them: one `assign`, or one `always_comb`
 * for all the signals a when/switch drives (as an engineer would write a decoder).
 */
interface Driver {
  targets: Signal[];
  stmts: Stmt[];
}

const IND = '  ';

export function childToken(id: number): string {
  return `\u0001${id}\u0001`;
}

/** Emits one module (the module line carries the token `\u0001self\u0001` for its own name). */
export function emitModule(
  def: ModuleDef,
  pkg: string,
  usage: ModuleUsage,
  idOf: (d: ModuleDef) => number,
  childUsage: (d: ModuleDef) => ModuleUsage,
): ModuleText {
  if (def.ram) return emitRam(def);
  const namer = new Namer(def);
  const w = new ExprWriter(namer, pkg);
  const drivers = collectDrivers(def, usage.live);

  // count every expression as it will be written, then name the shared ones
  const roots: Array<{ expr: Expr; user: Signal }> = [];
  const addRoots = (stmts: Stmt[], user: Signal) => {
    for (const st of stmts) {
      if (st.kind === 'assign') roots.push({ expr: st.value, user });
      else if (st.kind === 'when') {
        for (const b of st.branches) {
          if (b.cond) roots.push({ expr: b.cond, user });
          addRoots(b.body, user);
        }
      } else {
        roots.push({ expr: st.sel, user });
        for (const c of st.cases) addRoots(c.body, user);
      }
    }
  };
  for (const d of drivers) addRoots(d.stmts, d.targets[0]!);
  const regs = def.signals.filter((s) => s.kind === 'reg' && usage.live.has(s));
  for (const r of regs) if (r.enable) roots.push({ expr: r.enable, user: r });
  for (const r of roots) w.count(r.expr);
  w.planTemps(roots);

  const out: string[] = [];
  const ports = portList(def, usage, namer);
  out.push(ports.text);

  // declarations
  const decls: string[] = [];
  for (const s of def.signals) {
    if (s.kind === 'input' || s.kind === 'output') continue;
    if (!usage.live.has(s) && s.kind !== 'instOut' && s.kind !== 'instIn') continue;
    const names = s.kind === 'reg' ? `${namer.next(s)}, ${namer.of(s)}` : namer.of(s);
    decls.push(...declare(`${svType(s)} ${names};`, usage.unread.get(s), IND));
  }
  for (const t of w.temps) decls.push(`${IND}${svType(t.expr)} ${t.name};`);
  if (decls.length) out.push('', ...decls);

  // combinational logic
  const logic: string[] = [];
  for (const t of w.temps) logic.push(`${IND}assign ${t.name} = ${w.writeTempBody(t, IND)};${comment(t.expr.loc)}`);
  for (const d of drivers) logic.push(...emitDriver(d, namer, w));
  if (logic.length) out.push('', ...logic);

  const ff = emitRegisters(regs, namer, w);
  if (ff.length) out.push('', ...ff);

  for (const inst of def.instances) out.push('', ...emitInstance(inst, namer, idOf, childUsage(inst.def)));
  out.push('', 'endmodule', '');
  // multi-line expressions start after `= `: keep lines free of trailing blanks; at most 100 columns
  const body = out.join('\n').replaceAll(' \n', '\n').split('\n').flatMap(fitLine).join('\n');
  return { body, ports: ports.info, enums: [...w.enums] };
}

function svType(s: { width: number; signed: boolean }): string {
  const sign = s.signed ? ' signed' : '';
  return s.width === 1 && !s.signed ? 'logic' : `logic${sign} [${s.width - 1}:0]`;
}

/** A declaration, fenced for Verilator when the user declared bits that nothing reads. */
function declare(line: string, unread: true | string | undefined, indent: string): string[] {
  if (unread === undefined) return [indent + line];
  const why = unread === true ? 'not read' : `bits ${unread} not read`;
  return [
    `${indent}/* verilator lint_off UNUSEDSIGNAL */`,
    `${indent}${line}  // ${why}`,
    `${indent}/* verilator lint_on UNUSEDSIGNAL */`,
  ];
}

function comment(loc: Loc): string {
  const s = loc.source();
  return s ? `  // ${s}` : '';
}

function portList(def: ModuleDef, usage: ModuleUsage, namer: Namer): { text: string; info: PortInfo[] } {
  const rows: Array<{ dir: 'input' | 'output'; type: string; name: string; unread?: true | string; width: number; signed: boolean }> = [];
  if (usage.needsClock) rows.push({ dir: 'input', type: 'logic', name: CLOCK, width: 1, signed: false });
  if (usage.needsReset) rows.push({ dir: 'input', type: 'logic', name: RESET, width: 1, signed: false });
  for (const p of def.ports) {
    rows.push({ dir: p.kind as 'input' | 'output', type: svType(p), name: namer.of(p), unread: usage.unread.get(p), width: p.width, signed: p.signed });
  }
  const info = rows.map((r) => ({ name: r.name, dir: r.dir, width: r.width, signed: r.signed }));
  if (rows.length === 0) return { text: `module ${SELF};`, info };
  const tw = Math.max(...rows.map((r) => r.type.length));
  const lines = [`module ${SELF} (`];
  rows.forEach((r, i) => {
    const sep = i === rows.length - 1 ? '' : ',';
    const line = `${r.dir === 'input' ? 'input ' : 'output'} ${r.type.padEnd(tw)} ${r.name}${sep}`;
    lines.push(...declare(line, r.unread, IND));
  });
  lines.push(');');
  return { text: lines.join('\n'), info };
}

export const SELF = '\u0001self\u0001';

// ---- drivers -----------------------------------------------------------------------------------------

/**
 * Groups the body's statements by the live signals they drive. Signals that the same when/switch
 * statements drive share one always_comb, unless one of them is read inside it (Verilator would see the
 * block feeding itself); those, and signals driven by plain assignments only, get their own.
 */
function collectDrivers(def: ModuleDef, live: Set<Signal>): Driver[] {
  const byTarget = new Map<Signal, Stmt[]>();
  for (const st of def.body) {
    for (const t of targetsOf(st)) {
      if (!live.has(t)) continue;
      let list = byTarget.get(t);
      if (!list) byTarget.set(t, (list = []));
      list.push(st);
    }
  }
  // key: the compound statements a signal is driven by
  const groups = new Map<string, Signal[]>();
  const ids = new Map<Stmt, number>();
  def.body.forEach((st, i) => ids.set(st, i));
  for (const s of def.signals) {
    const stmts = byTarget.get(s);
    if (!stmts) continue;
    const compound = stmts.filter((st) => st.kind !== 'assign').map((st) => ids.get(st)!);
    const key = compound.length ? compound.join(',') : `single:${groups.size}`;
    const g = groups.get(key) ?? [];
    g.push(s);
    groups.set(key, g);
  }
  const drivers: Driver[] = [];
  const single = (t: Signal) => drivers.push({ targets: [t], stmts: projectAll(byTarget.get(t)!, new Set([t])) });
  for (let targets of groups.values()) {
    // signals read inside their own group leave it, until the group does not feed itself
    for (;;) {
      if (targets.length === 1) {
        single(targets[0]!);
        break;
      }
      const read = readTargets(projectAll(def.body, new Set(targets)), targets);
      if (read.size === 0) {
        drivers.push({ targets, stmts: projectAll(def.body, new Set(targets)) });
        break;
      }
      for (const t of read) single(t);
      targets = targets.filter((t) => !read.has(t));
      if (targets.length === 0) break;
    }
  }
  return drivers;
}

function projectAll(stmts: Stmt[], set: Set<Signal>): Stmt[] {
  return stmts.map((st) => project(st, set)).filter((x): x is Stmt => x !== null);
}

/** The (combinational) targets that expressions of the statements read. */
function readTargets(stmts: Stmt[], targets: Signal[]): Set<Signal> {
  const comb = new Set(targets.filter((t) => t.kind !== 'reg'));
  const found = new Set<Signal>();
  if (comb.size === 0) return found;
  const walk = newWalk();
  const check = (e: Expr) =>
    visitExpr(e, (x) => {
      if (x.op === 'sig' && comb.has(x as Signal)) found.add(x as Signal);
    }, walk);
  const visit = (list: Stmt[]) => {
    for (const st of list) {
      if (st.kind === 'assign') check(st.value);
      else if (st.kind === 'when') for (const b of st.branches) { if (b.cond) check(b.cond); visit(b.body); }
      else { check(st.sel); for (const c of st.cases) visit(c.body); }
    }
  };
  visit(stmts);
  return found;
}

function targetsOf(st: Stmt, out: Set<Signal> = new Set()): Set<Signal> {
  if (st.kind === 'assign') out.add(st.target);
  else if (st.kind === 'when') for (const b of st.branches) for (const x of b.body) targetsOf(x, out);
  else for (const c of st.cases) for (const x of c.body) targetsOf(x, out);
  return out;
}

/** The part of a statement that drives signals of `set` (null when none). */
function project(st: Stmt, set: Set<Signal>): Stmt | null {
  if (st.kind === 'assign') return set.has(st.target) ? st : null;
  if (st.kind === 'when') {
    const branches = st.branches.map((b) => ({ ...b, body: projectAll(b.body, set) }));
    while (branches.length && branches[branches.length - 1]!.body.length === 0) branches.pop();
    return branches.length ? { ...st, branches } : null;
  }
  const cases = st.cases.map((c) => ({ ...c, body: projectAll(c.body, set) }));
  return cases.some((c) => c.body.length) ? { ...st, cases } : null;
}

type Lhs = (s: Signal) => string;

function emitDriver(d: Driver, namer: Namer, w: ExprWriter): string[] {
  const lhs: Lhs = (t) => (t.kind === 'reg' ? namer.next(t) : namer.of(t));
  const only = d.targets.length === 1 && d.stmts.length === 1 && d.stmts[0]!.kind === 'assign' ? (d.stmts[0] as Assign) : undefined;
  if (only) {
    const cases = w.caseChain(only.value);
    if (cases) return emitCaseChain(lhs(only.target), cases, w, comment(only.loc), only.target.enum);
    return [`${IND}assign ${lhs(only.target)} = ${w.write(only.value, IND, only.target.enum)};${comment(only.loc)}`];
  }
  const lines = [`${IND}always_comb begin${comment(d.stmts[0]!.loc)}`];
  // registers keep their value unless assigned
  for (const t of d.targets) if (t.kind === 'reg') lines.push(`${IND}${IND}${lhs(t)} = ${namer.of(t)};`);
  for (const st of d.stmts) lines.push(...emitStmt(st, lhs, w, IND + IND));
  lines.push(`${IND}end`);
  return lines;
}

/** A selection by one signal (e.g. a register file read port) as `unique case` instead of a ?: chain. */
function emitCaseChain(
  lhs: string,
  c: NonNullable<ReturnType<ExprWriter['caseChain']>>,
  w: ExprWriter,
  note: string,
  ctx: EnumDef | undefined,
): string[] {
  const I3 = IND + IND + IND;
  const lines = [`${IND}always_comb begin${note}`, `${IND}${IND}unique case (${w.ref(c.sel)})`];
  for (const arm of c.arms) lines.push(`${I3}${caseLabel(arm.value, c.sel, w)}: ${lhs} = ${w.write(arm.expr, I3, ctx)};`);
  lines.push(`${I3}default: ${lhs} = ${w.write(c.last, I3, ctx)};`, `${IND}${IND}endcase`, `${IND}end`);
  return lines;
}

function emitStmt(st: Stmt, lhs: Lhs, w: ExprWriter, ind: string): string[] {
  if (st.kind === 'assign') return [`${ind}${lhs(st.target)} = ${w.write(st.value, ind, st.target.enum)};`];
  if (st.kind === 'when') return emitWhen(st, lhs, w, ind);
  return emitSwitch(st, lhs, w, ind);
}

function emitWhen(st: When, lhs: Lhs, w: ExprWriter, ind: string): string[] {
  const lines: string[] = [];
  st.branches.forEach((b, i) => {
    const head = b.cond === null ? 'else begin' : `${i === 0 ? 'if' : 'else if'} (${w.write(b.cond)}) begin`;
    if (i === 0) lines.push(`${ind}${head}`);
    else lines[lines.length - 1] += ` ${head}`;
    for (const x of b.body) lines.push(...emitStmt(x, lhs, w, ind + IND));
    lines.push(`${ind}end`);
  });
  return lines;
}

function emitSwitch(st: Switch, lhs: Lhs, w: ExprWriter, ind: string): string[] {
  const sel = st.sel;
  const lines = [`${ind}unique case (${w.write(sel)})`];
  let count = 0n;
  let hasDefault = false;
  for (const c of st.cases) {
    const label = c.values === null ? 'default' : c.values.map((v) => caseLabel(v, sel, w)).join(', ');
    if (c.values === null) hasDefault = true;
    else count += BigInt(c.values.length);
    lines.push(...caseItem(label, c.body, lhs, w, ind + IND));
  }
  if (!hasDefault && count !== 1n << BigInt(sel.width)) lines.push(`${ind}${IND}default: ;`);
  lines.push(`${ind}endcase`);
  return lines;
}

function caseItem(label: string, body: Stmt[], lhs: Lhs, w: ExprWriter, ind: string): string[] {
  if (body.length === 0) return [`${ind}${label}: ;`];
  return [`${ind}${label}: begin`, ...body.flatMap((x) => emitStmt(x, lhs, w, ind + IND)), `${ind}end`];
}

function caseLabel(v: bigint, sel: Expr, w: ExprWriter): string {
  if (sel.width === 1 && !sel.signed) return `1'b${v}`;
  if (sel.signed) return `${sel.width}'sh${v.toString(16)}`;
  return w.constant(v, sel.width, false, enumOf(sel));
}

// ---- registers ---------------------------------------------------------------------------------------

function emitRegisters(regs: Signal[], namer: Namer, w: ExprWriter): string[] {
  const lines: string[] = [];
  const load = (r: Signal, ind: string) =>
    r.enable ? `${ind}if (${w.write(r.enable)}) ${namer.of(r)} <= ${namer.next(r)};` : `${ind}${namer.of(r)} <= ${namer.next(r)};`;
  const withReset = regs.filter((r) => r.reset !== null);
  const noReset = regs.filter((r) => r.reset === null);
  if (withReset.length) {
    lines.push(`${IND}always_ff @(posedge ${CLOCK} or negedge ${RESET}) begin`);
    lines.push(`${IND}${IND}if (!${RESET}) begin`);
    for (const r of withReset) lines.push(`${IND}${IND}${IND}${namer.of(r)} <= ${resetLiteral(r, w)};`);
    lines.push(`${IND}${IND}end else begin`);
    for (const r of withReset) lines.push(load(r, IND + IND + IND));
    lines.push(`${IND}${IND}end`, `${IND}end`);
  }
  if (noReset.length) {
    if (lines.length) lines.push('');
    lines.push(`${IND}always_ff @(posedge ${CLOCK}) begin`);
    for (const r of noReset) lines.push(load(r, IND + IND));
    lines.push(`${IND}end`);
  }
  return lines;
}

function resetLiteral(r: Signal, w: ExprWriter): string {
  const v = r.reset!;
  if (r.width === 1 && !r.signed) return `1'b${v}`;
  if (r.enum?.byValue.has(v)) return w.constant(v, r.width, false, r.enum);
  if (v === 0n) return `'0`;
  return r.signed ? `${r.width}'sh${v.toString(16)}` : literalText(v, r.width, false).text;
}

// ---- instances ---------------------------------------------------------------------------------------

function emitInstance(inst: ModuleDef['instances'][number], namer: Namer, idOf: (d: ModuleDef) => number, cu: ModuleUsage): string[] {
  const conns: string[] = [];
  if (cu.needsClock) conns.push(`.${CLOCK}(${CLOCK})`);
  if (cu.needsReset) conns.push(`.${RESET}(${RESET})`);
  for (const [port, local] of inst.conns) {
    const suffix = port.kind === 'input' ? '_i' : '_o';
    conns.push(`.${port.name}${suffix}(${namer.of(local)})`);
  }
  const lines = [`${IND}${childToken(idOf(inst.def))} u_${inst.name} (${comment(inst.loc)}`];
  conns.forEach((c, i) => lines.push(`${IND}${IND}${c}${i === conns.length - 1 ? '' : ','}`));
  lines.push(`${IND});`);
  return lines;
}

// ---- memories ----------------------------------------------------------------------------------------

function emitRam(def: ModuleDef): ModuleText {
  const { depth, width, lanes } = def.ram!;
  const t = (w: number) => (w === 1 ? 'logic' : `logic [${w - 1}:0]`);
  const rows: PortInfo[] = [
    { name: CLOCK, dir: 'input', width: 1, signed: false },
    ...def.ports.map((p): PortInfo => ({ name: `${p.name}${p.kind === 'input' ? '_i' : '_o'}`, dir: p.kind as 'input' | 'output', width: p.width, signed: false })),
  ];
  const tw = Math.max(...rows.map((r) => t(r.width).length));
  const lines = [`module ${SELF} (`];
  rows.forEach((r, i) => lines.push(`${IND}${r.dir === 'input' ? 'input ' : 'output'} ${t(r.width).padEnd(tw)} ${r.name}${i === rows.length - 1 ? '' : ','}`));
  const write = lanes
    ? [
        `${IND}${IND}if (we_i) begin`,
        ...Array.from({ length: lanes }, (_, b) => {
          const bits = `[${8 * b + 7}:${8 * b}]`;
          const enable = lanes === 1 ? 'be_i' : `be_i[${b}]`; // a 1-bit port has no index
          return `${IND}${IND}${IND}if (${enable}) mem_q[waddr_i]${bits} <= wdata_i${bits};`;
        }),
        `${IND}${IND}end`,
      ]
    : [`${IND}${IND}if (we_i) mem_q[waddr_i] <= wdata_i;`];
  lines.push(
    ');',
    '',
    `${IND}// ${depth} words of ${width} bits${lanes ? `, ${lanes} byte lanes` : ''}; synthesis tools infer a RAM from this array`,
    `${IND}${t(width)} mem_q [0:${depth - 1}];`,
    '',
    `${IND}always_ff @(posedge ${CLOCK}) begin`,
    ...write,
    `${IND}${IND}if (re_i) rdata_o <= mem_q[raddr_i];`,
    `${IND}end`,
    '',
    'endmodule',
    '',
  );
  return { body: lines.join('\n').split('\n').flatMap(fitLine).join('\n'), ports: rows, enums: [] };
}
