import { HdlError } from './errors.ts';
import { here, type Loc } from './loc.ts';
import type { UIntT } from './types.ts';

/** One member of an enumeration: its key in TypeScript, its SV name and its value. */
export interface EnumMember {
  key: string;
  /** `fence_i` for the key `fenceI`: the member in lower-case names (`sys_is_fence_i`) */
  tag: string;
  sv: string;
  value: bigint;
}

/**
 * An enumeration of the design (operation codes, FSM states): emitted once as
 * `typedef enum logic [w-1:0] { ALU_ADD = 4'h1, ... } alu_op_e;` in the design's package, and named in
 * every `unique case` label, comparison and assignment of a signal of that type.
 */
export interface EnumDef {
  name: string;
  width: number;
  members: readonly EnumMember[];
  loc: Loc;
  /** member by value (values are distinct) */
  byValue: ReadonlyMap<bigint, EnumMember>;
}

/** A UInt type whose values are named: signals declared with it print their constants by name. */
export interface EnumT<K extends string = string> extends UIntT {
  readonly enum: EnumDef;
  /** the member values as plain numbers, for decode tables and `switch().is()` */
  readonly values: { readonly [P in K]: number };
}

const byName = new Map<string, EnumDef>();

/**
 * `Enum('alu_op', ['add', 'sub'])` numbers the members from 0; `Enum('alu_op', { add: 1, sub: 2 })`
 * gives the values (0 left free for "no operation"). `width` defaults to the bits the largest value
 * needs; `prefix` (default the name in capitals) starts every SV member name: `ALU_OP_ADD`.
 */
export function Enum<K extends string>(
  name: string,
  members: readonly K[] | { readonly [P in K]: number },
  options: { width?: number; prefix?: string } = {},
): EnumT<K> {
  const loc = here();
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new HdlError(`enum name '${name}' must be lower_snake_case`, loc);
  const entries: Array<[string, number]> = Array.isArray(members)
    ? (members as readonly K[]).map((k, i) => [k, i])
    : Object.entries(members as Record<string, number>);
  if (entries.length === 0) throw new HdlError(`enum '${name}' has no members`, loc);
  const prefix = options.prefix ?? name.toUpperCase();
  const max = Math.max(...entries.map(([, v]) => v));
  let need = 1;
  while (2 ** need <= max) need++;
  const width = options.width ?? need;
  if (!Number.isInteger(width) || width < need) {
    throw new HdlError(`enum '${name}': width ${width} cannot hold the value ${max} (needs ${need} bits)`, loc);
  }
  const seen = new Map<bigint, string>();
  const list: EnumMember[] = entries.map(([key, v]) => {
    if (!Number.isInteger(v) || v < 0) throw new HdlError(`enum '${name}': member '${key}' has value ${v}, not a natural number`, loc);
    const value = BigInt(v);
    const other = seen.get(value);
    if (other !== undefined) throw new HdlError(`enum '${name}': members '${other}' and '${key}' share the value ${v}`, loc);
    seen.set(value, key);
    return { key, tag: snake(key).toLowerCase(), sv: `${prefix}_${snake(key)}`.toUpperCase(), value };
  });
  const def: EnumDef = { name, width, members: list, loc, byValue: new Map(list.map((m) => [m.value, m])) };
  const prev = byName.get(name);
  if (prev && !sameEnum(prev, def)) {
    throw new HdlError(`enum '${name}' is already defined differently at ${prev.loc}`, loc);
  }
  const values = Object.fromEntries(entries) as { [P in K]: number };
  return { kind: 'uint', width, enum: prev ?? (byName.set(name, def), def), values };
}

/** The enumeration declared under `name` (decode tables refer to a control's enum by name). */
export function enumByName(name: string): EnumDef | undefined {
  return byName.get(name);
}

/** The enum type of a declared enumeration, for a port or a register of that type. */
export function enumType(def: EnumDef): UIntT & { enum: EnumDef } {
  return { kind: 'uint', width: def.width, enum: def };
}

function sameEnum(a: EnumDef, b: EnumDef): boolean {
  return (
    a.width === b.width &&
    a.members.length === b.members.length &&
    a.members.every((m, i) => m.sv === b.members[i]!.sv && m.value === b.members[i]!.value)
  );
}

/** `fenceI` -> `fence_i`, `anyClear` -> `any_clear`, `c.addi` -> `c_addi`. */
function snake(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/\W+/g, '_');
}
