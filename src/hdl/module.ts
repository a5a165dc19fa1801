import { currentModule, withModule } from './context.ts';
import { checkCond, coerce, Expr, fail, type ValueLike } from './expr.ts';
import { mask } from './fold.ts';
import type { Instance, ModuleDef, RamSpec, Stmt, Switch, When } from './ir.ts';
import { here, type Loc } from './loc.ts';
import { assign, blockStacks, currentBlock, Signal, type SignalKind } from './signal.ts';
import { CLOCK, instanceSvName, RESET, svNames } from './naming.ts';
import type { EnumT } from './enum.ts';
import { buildAggregate, indexWidth, type GroundT, type HwType, type SignalOf } from './types.ts';

/** A generator: a named function from parameters to hardware. `module()` makes one. */
export interface ModuleGenerator<P = any, IO = any> {
  readonly kind: 'flexv-module';
  readonly name: string;
  readonly defaults: Partial<P>;
  readonly body: (m: ModuleBuilder, params: P) => IO;
  /** where `module()` was called: named in the header of the emitted file */
  readonly loc: Loc;
}

/**
 * Declares a module generator. The body receives the builder `m` and the parameters, declares ports and
 * logic, and returns the ports the parents see (usually an object of the port signals).
 */
export function module<P extends object = Record<string, never>, IO = unknown>(
  name: string,
  body: (m: ModuleBuilder, params: P) => IO,
  options: { defaults?: Partial<P> } = {},
): ModuleGenerator<P, IO> {
  const loc = here();
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) fail(`module name '${name}' is not an identifier`, loc);
  return { kind: 'flexv-module', name, body, defaults: options.defaults ?? {}, loc };
}

/** What a parent gets for an instance: the body's return value, or all ports by name when it returns nothing. */
export type InstanceIO<IO> = [IO] extends [void | undefined] ? Record<string, any> : IO;

export function isModuleGenerator(x: unknown): x is ModuleGenerator {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'flexv-module';
}

/** Hooks the elaborator gives the builder (child elaboration with dedup, per-module checks). */
export interface Session {
  instantiate(gen: ModuleGenerator, params: object, loc: Loc): ModuleDef;
  ram(spec: RamSpec): ModuleDef;
}

const IDENT = /^[A-Za-z][A-Za-z0-9_]*$/;

const KIND_NAME: Record<SignalKind, string> = {
  input: 'input',
  output: 'output',
  wire: 'wire',
  reg: 'register',
  instIn: 'instance input',
  instOut: 'instance output',
};

export type ResetValue = ValueLike | readonly ResetValue[] | { readonly [field: string]: ResetValue };

export interface RegOptions {
  /**
   * reset value (default 0); null for a register without reset. For a Vec or Bundle register, one value
   * for every element, or an array / object of the same shape with one value per element.
   */
  reset?: ResetValue | null;
  /** the register only loads its next value while `enable` is high */
  enable?: Expr;
}

/** The builder handed to a generator body. Every method records the caller's source location. */
export class ModuleBuilder {
  constructor(
    readonly def: ModuleDef,
    private readonly session: Session,
  ) {}

  input<T extends HwType>(name: string, type: T): SignalOf<T> {
    return this.declare(name, type, 'input', here());
  }

  output<T extends HwType>(name: string, type: T): SignalOf<T> {
    return this.declare(name, type, 'output', here());
  }

  /** A combinational signal, driven with `set()`. */
  wire<T extends HwType>(name: string, type: T): SignalOf<T> {
    return this.declare(name, type, 'wire', here());
  }

  /**
   * A named wire driven by `value`: names an intermediate result in the SV and in waveforms. It is a
   * definition, not a conditional assignment, even when written inside a when.
   */
  named(name: string, value: Expr, type?: EnumT): Signal {
    const loc = here();
    this.checkActive(loc);
    if (!(value instanceof Expr)) fail(`named('${name}') needs a hardware value`, loc);
    if (type && (type.width !== value.width || value.signed)) fail(`named('${name}'): a ${value.type} value is not of enum '${type.enum.name}' (UInt(${type.width}))`, loc);
    const w = this.declareGround(name, type ?? { kind: value.signed ? 'sint' : 'uint', width: value.width }, 'wire', loc);
    assign(w, value, false, loc, this.def.body);
    return w;
  }

  /** A register (`name_q`, next state `name_d`), clocked by `clk_i`, reset to `reset` by `rst_ni` low. */
  reg<T extends HwType>(name: string, type: T, options: RegOptions = {}): SignalOf<T> {
    const loc = here();
    this.checkActive(loc);
    this.def.usesClock = true;
    if (options.enable !== undefined) {
      checkCond(options.enable, `enable of register '${name}'`, loc);
      if (options.enable.owner !== null && options.enable.owner !== this.def) fail(`enable of register '${name}' comes from another module`, loc);
    }
    const reset = options.reset === undefined ? 0 : options.reset;
    if (reset !== null) this.def.usesReset = true;
    const resets: ValueLike[] = [];
    if (reset !== null) leafResets(type, reset, name, resets, loc);
    let leaf = 0;
    return buildAggregate(type, name, (n, t) => {
      const s = this.declareGround(n, t, 'reg', loc);
      if (reset !== null) s.reset = coerce(resets[leaf++]!, s, loc).value;
      s.enable = options.enable ?? null;
      return s;
    });
  }

  /** A register that takes `value` every cycle (or while `enable`): a pipeline stage, `name_q`. */
  regNext(name: string, value: Expr, options: RegOptions = {}): Signal {
    const loc = here();
    this.checkActive(loc);
    if (!(value instanceof Expr)) fail(`regNext('${name}') needs a hardware value`, loc);
    const t: GroundT = { kind: value.signed ? 'sint' : 'uint', width: value.width };
    const r = this.reg(name, t, options) as Signal;
    assign(r, value, true, loc);
    return r;
  }

  /** `when(c, () => ...)`, then optionally `.elseWhen(c2, ...)` and `.otherwise(...)`. */
  when(cond: Expr, body: () => void): WhenChain {
    const loc = here();
    this.checkActive(loc);
    checkCond(cond, 'when condition', loc);
    this.checkOwn(cond, loc);
    const stmt: When = { kind: 'when', branches: [], loc };
    const list = currentBlock(this.def);
    list.push(stmt);
    this.runBranch(stmt.branches, cond, body, loc);
    return new WhenChain(this, stmt, list);
  }

  /** `switch(sel).is(v, () => ...).is([v1, v2], ...).default(...)`: emitted as `unique case`. */
  switch(sel: Expr): SwitchChain {
    const loc = here();
    this.checkActive(loc);
    if (!(sel instanceof Expr)) fail('switch() needs a hardware value', loc);
    this.checkOwn(sel, loc);
    const stmt: Switch = { kind: 'switch', sel, cases: [], loc };
    const list = currentBlock(this.def);
    list.push(stmt);
    return new SwitchChain(this, stmt, list);
  }

  /** A child instance named `name`; returns the child's interface, connected on the parent side. */
  instance<P extends object, IO>(gen: ModuleGenerator<P, IO>, params: Partial<P>, name: string): InstanceIO<IO> {
    const loc = here();
    this.checkActive(loc);
    const child = this.session.instantiate(gen, params, loc);
    return this.place(child, name, loc).io as InstanceIO<IO>;
  }

  /** `count` instances named `name_0`, `name_1`, ... */
  instances<P extends object, IO>(gen: ModuleGenerator<P, IO>, params: Partial<P>, count: number, name: string): InstanceIO<IO>[] {
    const loc = here();
    this.checkActive(loc);
    if (!Number.isInteger(count) || count < 1) fail(`instances('${name}'): count must be a positive integer, got ${count}`, loc);
    const child = this.session.instantiate(gen, params, loc);
    const out: InstanceIO<IO>[] = [];
    for (let i = 0; i < count; i++) out.push(this.place(child, `${name}_${i}`, loc).io as InstanceIO<IO>);
    return out;
  }

  /**
   * A 1R1W synchronous memory: read data appears the cycle after the read. `byteEnable: true` gives each
   * byte of a word its own write enable (the word width must be a multiple of 8).
   */
  mem(name: string, options: { depth: number; type: GroundT; macro?: string; byteEnable?: boolean }): Memory {
    const loc = here();
    this.checkActive(loc);
    const { depth, type, macro } = options;
    if (options.byteEnable && type.width % 8 !== 0) fail(`memory '${name}' with byteEnable needs a width that is a multiple of 8, got ${type.width}`, loc);
    if (!Number.isInteger(depth) || depth < 2) fail(`memory '${name}' depth must be an integer >= 2, got ${depth}`, loc);
    if (type.kind !== 'uint') fail(`memory '${name}' holds UInt words; store SInt values with asUInt()`, loc);
    if (macro !== undefined && !IDENT.test(macro)) fail(`memory macro name '${macro}' is not an identifier`, loc);
    const ram = this.session.ram({ depth, width: type.width, macro, lanes: options.byteEnable ? type.width / 8 : undefined });
    const placed = this.place(ram, name, loc);
    return new Memory(this, name, placed.ports, depth, loc);
  }

  /** Rejects bad parameters with a located error: `m.require(p.depth >= 1, 'depth must be >= 1')`. */
  require(ok: boolean, message: string): void {
    if (!ok) fail(`${this.def.name}: ${message}`, here());
  }

  // ---- internals ----

  private checkActive(loc: Loc): void {
    if (currentModule() !== this.def) {
      fail(`the builder of module '${this.def.name}' is used while module '${currentModule()?.name ?? '(none)'}' is being built`, loc);
    }
  }

  private checkOwn(e: Expr, loc: Loc): void {
    if (e.owner !== null && e.owner !== this.def) {
      fail(`${e.describe()} belongs to module '${e.owner.name}' and cannot be used in module '${this.def.name}'`, loc);
    }
  }

  /** @internal */
  runBranch<B extends { body: Stmt[]; loc: Loc }>(into: B[], head: Omit<B, 'body' | 'loc'> | Expr | null, body: () => void, loc: Loc): void {
    const branch = (head instanceof Expr || head === null ? { cond: head, body: [], loc } : { ...head, body: [], loc }) as unknown as B;
    into.push(branch);
    const stack = blockStacks.get(this.def)!;
    stack.push(branch.body);
    try {
      body();
    } finally {
      stack.pop();
    }
  }

  /** @internal checks a chained call (elseWhen/is/...) directly follows its statement */
  checkChain(stmt: Stmt, list: Stmt[], what: string, loc: Loc): void {
    this.checkActive(loc);
    if (list !== currentBlock(this.def) || list[list.length - 1] !== stmt) {
      fail(`${what} must directly follow its ${stmt.kind} (other statements came in between)`, loc);
    }
  }

  /** @internal */
  checkCondition(c: Expr, what: string, loc: Loc): void {
    checkCond(c, what, loc);
    this.checkOwn(c, loc);
  }

  /** Reserves the SV names of a declaration; a clash is reported at the second declaration. */
  private claim(name: string, what: string, svs: string[], loc: Loc): void {
    if (!IDENT.test(name)) fail(`'${name}' is not a valid name (letters, digits, _; starting with a letter)`, loc);
    for (const sv of svs) {
      if (sv === CLOCK || sv === RESET) fail(`name collision: ${what} '${name}' would be '${sv}', the implicit ${sv === CLOCK ? 'clock' : 'reset'}`, loc);
      const prev = this.def.names.get(sv);
      if (prev) {
        const same = prev.name === name ? `is already declared at ${prev.loc}` : `needs the SV name '${sv}', already taken by ${prev.what} '${prev.name}' at ${prev.loc}`;
        fail(`name collision: ${what} '${name}' ${same}`, loc);
      }
    }
    for (const sv of svs) this.def.names.set(sv, { name, what, loc });
  }

  private declare<T extends HwType>(name: string, type: T, kind: SignalKind, loc: Loc): SignalOf<T> {
    this.checkActive(loc);
    const value = buildAggregate(type, name, (n, t) => this.declareGround(n, t, kind, loc));
    if (kind === 'input' || kind === 'output') this.def.portTree[name] = value;
    return value;
  }

  private declareGround(name: string, t: GroundT, kind: SignalKind, loc: Loc): Signal {
    this.claim(name, KIND_NAME[kind], svNames(name, kind), loc);
    const s = new Signal(name, kind, t, this.def, loc);
    this.def.signals.push(s);
    if (kind === 'input' || kind === 'output') this.def.ports.push(s);
    return s;
  }

  private place(child: ModuleDef, name: string, loc: Loc): { io: unknown; ports: Map<string, Signal> } {
    this.claim(name, 'instance', [instanceSvName(name)], loc);
    const inst: Instance = { name, def: child, conns: new Map(), loc };
    const byName = new Map<string, Signal>();
    for (const p of child.ports) {
      const local = `${name}_${p.name}`;
      this.claim(local, `port '${p.name}' of instance`, svNames(local, 'instIn'), loc);
      const s = new Signal(local, p.kind === 'input' ? 'instIn' : 'instOut', { kind: p.signed ? 'sint' : 'uint', width: p.width, ...(p.enum ? { enum: p.enum } : {}) } as GroundT, this.def, loc);
      s.inst = inst;
      s.port = p;
      this.def.signals.push(s);
      inst.conns.set(p, s);
      byName.set(p.name, s);
    }
    if (child.usesClock) this.def.usesClock = true;
    if (child.usesReset) this.def.usesReset = true;
    this.def.instances.push(inst);
    return { io: mapIo(child.io, inst, loc), ports: byName };
  }
}

/** The reset value of each ground leaf of `t`, in declaration order. */
function leafResets(t: HwType, r: ResetValue, path: string, out: ValueLike[], loc: Loc): void {
  const scalar = typeof r === 'number' || typeof r === 'bigint' || typeof r === 'boolean' || r instanceof Expr;
  if (t.kind === 'vec') {
    if (!scalar && (!Array.isArray(r) || r.length !== t.length)) fail(`reset of '${path}' must be one value or ${t.length} values`, loc);
    for (let i = 0; i < t.length; i++) leafResets(t.elem, scalar ? r : (r as readonly ResetValue[])[i]!, `${path}_${i}`, out, loc);
  } else if (t.kind === 'bundle') {
    for (const [k, f] of Object.entries(t.fields as Record<string, HwType>)) {
      const v = scalar ? r : (r as { readonly [field: string]: ResetValue })[k];
      if (v === undefined) fail(`reset of '${path}' has no value for field '${k}'`, loc);
      leafResets(f, v, `${path}_${k}`, out, loc);
    }
  } else {
    if (!scalar) fail(`reset of '${path}' must be a single value`, loc);
    if (r instanceof Expr && !r.isConst()) fail(`reset of '${path}' must be a constant`, loc);
    out.push(r as ValueLike);
  }
}

/** Rebuilds the child's interface value with the parent-side signals in place of the child's ports. */
function mapIo(io: unknown, inst: Instance, loc: Loc): unknown {
  if (io instanceof Signal) {
    const s = inst.conns.get(io);
    if (!s) fail(`module '${inst.def.name}' returned '${io.name}', which is not one of its ports`, loc);
    return s;
  }
  if (Array.isArray(io)) return io.map((x) => mapIo(x, inst, loc));
  if (io instanceof Expr) fail(`module '${inst.def.name}' returned an expression; return its ports`, loc);
  if (typeof io === 'object' && io !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(io)) out[k] = mapIo(v, inst, loc);
    return out;
  }
  return io;
}

export class WhenChain {
  constructor(
    private readonly m: ModuleBuilder,
    private readonly stmt: When,
    private readonly list: Stmt[],
  ) {}

  elseWhen(cond: Expr, body: () => void): WhenChain {
    const loc = here();
    this.m.checkChain(this.stmt, this.list, 'elseWhen', loc);
    if (this.stmt.branches[this.stmt.branches.length - 1]!.cond === null) fail('elseWhen after otherwise', loc);
    this.m.checkCondition(cond, 'elseWhen condition', loc);
    this.m.runBranch(this.stmt.branches, cond, body, loc);
    return this;
  }

  otherwise(body: () => void): void {
    const loc = here();
    this.m.checkChain(this.stmt, this.list, 'otherwise', loc);
    if (this.stmt.branches[this.stmt.branches.length - 1]!.cond === null) fail('a second otherwise', loc);
    this.m.runBranch(this.stmt.branches, null, body, loc);
  }
}

export class SwitchChain {
  private readonly seen = new Map<bigint, Loc>();
  constructor(
    private readonly m: ModuleBuilder,
    private readonly stmt: Switch,
    private readonly list: Stmt[],
  ) {}

  is(values: ValueLike | ValueLike[], body: () => void): SwitchChain {
    const loc = here();
    this.m.checkChain(this.stmt, this.list, 'is', loc);
    if (this.hasDefault()) fail('is() after default()', loc);
    const vs = (Array.isArray(values) ? values : [values]).map((v) => {
      const e = coerce(v, this.stmt.sel, loc);
      if (!e.isConst()) fail('switch cases must be constants', loc);
      const prev = this.seen.get(e.value);
      if (prev) fail(`switch case ${e.value} is already handled at ${prev}`, loc);
      this.seen.set(e.value, loc);
      return e.value;
    });
    if (vs.length === 0) fail('is() needs at least one value', loc);
    this.m.runBranch(this.stmt.cases, { values: vs }, body, loc);
    return this;
  }

  default(body: () => void): void {
    const loc = here();
    this.m.checkChain(this.stmt, this.list, 'default', loc);
    if (this.hasDefault()) fail('a second default()', loc);
    if (BigInt(this.seen.size) > mask(this.stmt.sel.width)) fail('default() is unreachable: every value has a case', loc);
    this.m.runBranch(this.stmt.cases, { values: null }, body, loc);
  }

  private hasDefault(): boolean {
    return this.stmt.cases.some((c) => c.values === null);
  }
}

/** The parent's handle on a memory: one synchronous read port and one write port. */
export class Memory {
  private readDone?: Signal;
  private writeDone = false;
  constructor(
    private readonly m: ModuleBuilder,
    readonly name: string,
    private readonly ports: Map<string, Signal>,
    readonly depth: number,
    readonly loc: Loc,
  ) {}

  get addrWidth(): number {
    return indexWidth(this.depth);
  }

  /** Reads word `addr` when `enable`; the data is valid in the next cycle (and held until the next read). */
  read(addr: Expr, enable: ValueLike = true): Signal {
    const loc = here();
    if (this.readDone) fail(`memory '${this.name}' has one read port, already used`, loc);
    this.topLevel('read', loc);
    this.inModule(loc);
    assign(this.ports.get('raddr')!, addr, false, loc);
    assign(this.ports.get('re')!, enable, false, loc);
    this.readDone = this.ports.get('rdata')!;
    return this.readDone;
  }

  /**
   * Writes `data` to word `addr` at the clock edge when `enable` is high; with byte enables, only the
   * bytes whose bit of `byteEnable` is set (bit 0: bits 7..0).
   */
  write(addr: Expr, data: Expr, enable: ValueLike, byteEnable?: ValueLike): void {
    const loc = here();
    if (this.writeDone) fail(`memory '${this.name}' has one write port, already used`, loc);
    this.topLevel('write', loc);
    this.inModule(loc);
    const be = this.ports.get('be');
    if (be && byteEnable === undefined) fail(`memory '${this.name}' has byte enables: pass them as write()'s 4th argument`, loc);
    if (!be && byteEnable !== undefined) fail(`memory '${this.name}' has no byte enables (declare it with byteEnable: true)`, loc);
    if (be) assign(be, byteEnable!, false, loc);
    assign(this.ports.get('waddr')!, addr, false, loc);
    assign(this.ports.get('wdata')!, data, false, loc);
    assign(this.ports.get('we')!, enable, false, loc);
    this.writeDone = true;
  }

  private inModule(loc: Loc): void {
    if (currentModule() !== this.m.def) fail(`memory '${this.name}' of module '${this.m.def.name}' used while building another module`, loc);
  }

  private topLevel(what: string, loc: Loc): void {
    if (blockStacks.get(this.m.def)!.length !== 1) {
      fail(`memory '${this.name}'.${what}() must be called outside when/switch: pass the condition as its enable`, loc);
    }
  }
}

/** Runs a generator body on a fresh module definition (checks run after, in elaborate.ts). */
export function runBody(def: ModuleDef, gen: ModuleGenerator, params: object, session: Session): void {
  blockStacks.set(def, [def.body]);
  const m = new ModuleBuilder(def, session);
  const io = withModule(def, () => gen.body(m, params));
  def.io = io === undefined ? def.portTree : io;
}

