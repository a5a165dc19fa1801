import { UserError } from '../../util/errors.ts';
import type { ModuleDef } from '../ir.ts';
import type { Signal } from '../signal.ts';
import { CLOCK, isKeyword, RESET, svNames } from '../naming.ts';

export { CLOCK, RESET };

/** SV names of one module's signals (fixed at declaration, see naming.ts) and fresh names for temporaries. */
export class Namer {
  private readonly used: Set<string>;
  private readonly names = new Map<Signal, string>();

  constructor(def: ModuleDef) {
    this.used = new Set([CLOCK, RESET, ...def.names.keys()]);
    for (const s of def.signals) this.names.set(s, svNames(s.name, s.kind)[0]!);
  }

  of(s: Signal): string {
    return this.names.get(s)!;
  }

  /** next-state name of a register */
  next(s: Signal): string {
    return svNames(s.name, 'reg')[1]!;
  }

  /** A new name `base_hint` (then `base_hint_1`...) for a temporary. */
  fresh(base: string, hint: string): string {
    let name = `${base}_${hint}`;
    for (let i = 1; this.used.has(name) || isKeyword(name); i++) name = `${base}_${hint}_${i}`;
    this.used.add(name);
    return name;
  }
}

/** The module-name prefix `emit` puts on every module unless told otherwise (`flexv emit --prefix`). */
export const DEFAULT_PREFIX = 'flexv_';

/**
 * The SV name of a module whose generator is called `base`: `prefix` + `base`, unless `base` already
 * starts with the prefix (`flexv_core` stays `flexv_core`). Every name the emitter writes and every
 * harness, synthesis target or test that looks a module up by name goes through this one function.
 */
export function moduleName(base: string, prefix: string = DEFAULT_PREFIX): string {
  return base.startsWith(prefix) ? base : `${prefix}${base}`;
}

/** `prefix` if it can start an SV identifier (empty allowed), else a UserError naming `--prefix`. */
export function checkPrefix(prefix: string): string {
  if (!/^([A-Za-z][A-Za-z0-9_]*)?$/.test(prefix)) {
    throw new UserError(`'${prefix}' is not the start of an SV identifier (letters, digits, _; a letter first)`, '--prefix');
  }
  return prefix;
}

/** The generated package of a design's enumerations: `flexv_pkg` for the prefix `flexv_`. */
export function packageName(prefix: string = DEFAULT_PREFIX): string {
  return prefix ? `${prefix.replace(/_+$/, '')}_pkg` : 'design_pkg';
}

/** Short, readable suffix for a parameter value in a module name; undefined when none is readable. */
export function paramValueText(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v < 0 ? `m${-v}` : String(v);
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'string' && /^[A-Za-z0-9]{1,12}$/.test(v)) return v;
  return undefined;
}

/** `depth` -> `d`, `dataWidth` -> `dw`: initials of a camelCase/snake_case parameter name. */
export function paramAbbrev(key: string): string {
  const parts = key.split(/_|(?=[A-Z])/).filter(Boolean);
  return parts.map((p) => p[0]!.toLowerCase()).join('');
}

/** FNV-1a, 32 bits, as 6 hex digits: a short stable tag for module names. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0').slice(0, 6);
}
