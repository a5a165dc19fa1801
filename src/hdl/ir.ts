import type { Expr } from './expr.ts';
import type { Loc } from './loc.ts';
import type { Signal } from './signal.ts';

/** IR statements. Combinational (`set`) and sequential (`setNext`) assignments are one node with `seq`. */
export interface Assign {
  kind: 'assign';
  target: Signal;
  value: Expr;
  seq: boolean;
  loc: Loc;
}
export interface WhenBranch {
  /** null for `otherwise` */
  cond: Expr | null;
  body: Stmt[];
  loc: Loc;
}
export interface When {
  kind: 'when';
  branches: WhenBranch[];
  loc: Loc;
}
export interface SwitchCase {
  /** null for `default` */
  values: bigint[] | null;
  body: Stmt[];
  loc: Loc;
}
export interface Switch {
  kind: 'switch';
  sel: Expr;
  cases: SwitchCase[];
  loc: Loc;
}
export type Stmt = Assign | When | Switch;

/** A child module placed in a parent; `conns` maps each child port to the parent-side signal. */
export interface Instance {
  name: string;
  def: ModuleDef;
  conns: Map<Signal, Signal>;
  loc: Loc;
}

/** A memory is emitted as its own module (an inferable array) so an SRAM macro can replace it by name. */
export interface RamSpec {
  depth: number;
  width: number;
  macro?: string;
  /** byte lanes with their own write enable (width / 8), or undefined for whole-word writes */
  lanes?: number;
}

/** One elaborated module: a generator applied to one set of parameters. */
export interface ModuleDef {
  /** generator name (the SV name may get a parameter suffix when one generator has several variants) */
  name: string;
  /** SV module name, fixed by the emitter's naming pass */
  svName: string;
  generator: object;
  params: Record<string, unknown>;
  paramKey: string;
  ports: Signal[];
  signals: Signal[];
  body: Stmt[];
  instances: Instance[];
  /** what the generator body returned: the instance interface seen by parents */
  io: unknown;
  /** declared ports as the user shaped them (Vec/Bundle), by name */
  portTree: Record<string, unknown>;
  loc: Loc;
  ram?: RamSpec;
  /** SV names in use, with the declaration that took each (for collision errors) */
  names: Map<string, { name: string; what: string; loc: Loc }>;
  /** per output port: the input ports it depends on combinationally (for loop checks in parents) */
  combPaths?: Map<Signal, Set<Signal>>;
  /** set once the module uses a clock/reset (its own registers or a child's) */
  usesClock: boolean;
  usesReset: boolean;
}
