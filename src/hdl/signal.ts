import { currentModule } from './context.ts';
import { coerce, crossModuleMessage, Expr, fail, type ValueLike } from './expr.ts';
import type { Instance, ModuleDef, Stmt } from './ir.ts';
import { here, type Loc } from './loc.ts';
import type { EnumDef } from './enum.ts';
import type { GroundT } from './types.ts';

/**
 * Where a signal comes from:
 * - `input`/`output`: ports of the module that declares them;
 * - `wire`: combinational, driven with `set()`; `reg`: a flip-flop, driven with `setNext()`;
 * - `instIn`/`instOut`: the parent's side of a child instance's input/output port.
 */
export type SignalKind = 'input' | 'output' | 'wire' | 'reg' | 'instIn' | 'instOut';

/** A named ground signal. Reading it is using it as an `Expr`; driving it is `set` or `setNext`. */
export class Signal extends Expr {
  /** reset value of a register (unsigned bits); null for a register without reset */
  reset: bigint | null = null;
  /** register enable: the register keeps its value while it is low */
  enable: Expr | null = null;
  /** for instIn/instOut: the instance and the child's port */
  inst?: Instance;
  port?: Signal;
  /** number of assignments made to it (checks use it to find undriven signals fast) */
  assignments = 0;
  /** the enumeration of its values when declared with an `Enum` type: constants print by name */
  readonly enum?: EnumDef;

  constructor(
    readonly name: string,
    readonly kind: SignalKind,
    t: GroundT,
    owner: ModuleDef,
    loc: Loc,
  ) {
    super('sig', t.width, t.kind === 'sint', [], owner, loc);
    const e = (t as { enum?: EnumDef }).enum;
    if (e) this.enum = e;
  }

  override describe(): string {
    return `'${this.name}'`;
  }

  /** Combinational assignment (SV `assign` / `always_comb`). The last assignment on a path wins. */
  set(value: ValueLike): void {
    assign(this, value, false, here());
  }

  /** Sequential assignment: the value the register takes at the next clock edge (SV `<=` in always_ff). */
  setNext(value: ValueLike): void {
    assign(this, value, true, here());
  }
}

/** Statement lists being filled, innermost last; kept per module so nested elaboration stays separate. */
export const blockStacks = new WeakMap<ModuleDef, Stmt[][]>();

export function currentBlock(def: ModuleDef): Stmt[] {
  const s = blockStacks.get(def)!;
  return s[s.length - 1]!;
}

/** Assignment with a location already captured (for helpers inside src/hdl that assign for the user). */
export function assign(target: Signal, raw: ValueLike, seq: boolean, loc: Loc, block?: Stmt[]): void {
  const cur = currentModule();
  if (!cur) fail(`'${target.name}' is driven outside of a module body`, loc);
  if (target.owner !== cur) fail(crossModuleMessage(target, cur), loc);
  checkDrivable(target, seq, loc);
  const value = coerce(raw, target, loc);
  if (value.owner !== null && value.owner !== cur) fail(crossModuleMessage(value, cur), loc);
  checkAssignWidth(target, value, loc);
  target.assignments++;
  (block ?? currentBlock(cur)).push({ kind: 'assign', target, value, seq, loc });
}

function checkDrivable(t: Signal, seq: boolean, loc: Loc): void {
  switch (t.kind) {
    case 'input':
      fail(`cannot drive input port '${t.name}' from inside its own module`, loc);
    case 'instOut':
      fail(
        `cannot drive output '${t.port!.name}' of instance '${t.inst!.name}': ` +
          `it is driven inside module '${t.inst!.def.name}'`,
        loc,
      );
    case 'reg':
      if (!seq) fail(`'${t.name}' is a register: give its next value with setNext(), not set()`, loc);
      return;
    default:
      if (seq) fail(`'${t.name}' is a ${kindName(t)}, not a register: drive it with set(); setNext() is for registers`, loc);
  }
}

export function kindName(t: Signal): string {
  return {
    input: 'input port',
    output: 'output port',
    wire: 'wire',
    reg: 'register',
    instIn: 'instance input',
    instOut: 'instance output',
  }[t.kind];
}

function checkAssignWidth(t: Signal, v: Expr, loc: Loc): void {
  if (t.signed !== v.signed) {
    fail(`type mismatch: assigning ${v.type} to '${t.name}' of ${t.type}: convert with asUInt()/asSInt()`, loc);
  }
  if (v.width > t.width) {
    fail(
      `width mismatch: assigning ${v.type} to '${t.name}' of ${t.type}: use .trunc(${t.width}) to drop the top bits`,
      loc,
    );
  }
  if (v.width < t.width) {
    fail(
      `width mismatch: assigning ${v.type} to '${t.name}' of ${t.type}: ` +
        `widen explicitly with .zext(${t.width}) or .sext(${t.width})`,
      loc,
    );
  }
}
