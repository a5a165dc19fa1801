import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { UserError } from '../util/errors.ts';

/**
 * The PULP-NN-mixed kernels as they come: one C file per kernel and precision combination, under
 * `<family>/32bit/src/<Group>/[<Sub>/]<prefix>_<kind>_<precisions>[_4x4].c`. The catalog reads each file's
 * own prototype (parameter names and types) so the drivers call the function exactly as it is declared.
 */

/** The three kernel families and the core configuration each first runs on (spec §1). */
export const FAMILIES = ['XpulpV2', 'XpulpNN', 'XpulpNN-mixed'] as const;
export type Family = (typeof FAMILIES)[number];
export const FAMILY_CONFIG: Record<Family, string> = { XpulpV2: 'baseline', XpulpNN: 'xpulpnn', 'XpulpNN-mixed': 'flexv' };
export const CONFIGS = ['baseline', 'xpulpnn', 'flexv'] as const;

/** Families a configuration runs: its own and every earlier one. */
export function familiesOf(config: string): Family[] {
  const rank = CONFIGS.indexOf(config as (typeof CONFIGS)[number]);
  if (rank < 0) throw new UserError(`unknown configuration '${config}' (expected ${CONFIGS.join(', ')})`, '--config');
  return FAMILIES.filter((f) => CONFIGS.indexOf(FAMILY_CONFIG[f] as (typeof CONFIGS)[number]) <= rank);
}

export const KINDS = ['conv1d', 'conv', 'pointwise', 'depthwise', 'matmul', 'linear', 'add', 'avgpool', 'maxpool'] as const;
export type Kind = (typeof KINDS)[number];

/** A tensor element format from a name part: `u8`, `i4`, `i32`. */
export interface Fmt {
  signed: boolean;
  bits: number;
}

export interface Param {
  type: string;
  name: string;
}

export interface KernelEntry {
  family: Family;
  group: string;
  /** Function name = file base name. */
  name: string;
  file: string;
  kind: Kind;
  /** Precisions in name order (meaning per kind: conv `in, out, wt`; add `in1, in2, out`; pool `in[, out]`). */
  fmts: Fmt[];
  /** `4x4` for the 4-pixel tile variants, '' otherwise. */
  tile: string;
  returns: string;
  params: Param[];
}

const PREFIXES = ['xpulp_nn_mix_', 'xpulp_nn_', 'pulp_nn_'];

function parseFmt(s: string, where: string): Fmt {
  const m = /^([ui])(2|4|8|32)$/.exec(s);
  if (!m) throw new UserError(`unexpected precision '${s}' in a kernel name`, where);
  return { signed: m[1] === 'i', bits: Number(m[2]) };
}

export const fmtName = (f: Fmt) => `${f.signed ? 'i' : 'u'}${f.bits}`;

/** Kind, precisions and tile from a function name, or undefined for a file that is not a kernel. */
export function parseName(name: string, where: string): Pick<KernelEntry, 'kind' | 'fmts' | 'tile'> | undefined {
  const prefix = PREFIXES.find((p) => name.startsWith(p));
  if (!prefix) return undefined;
  const parts = name.slice(prefix.length).split('_');
  const kind = parts.shift() as Kind;
  if (!(KINDS as readonly string[]).includes(kind)) return undefined;
  const tile = parts[parts.length - 1] === '4x4' ? (parts.pop() as string) : '';
  return { kind, fmts: parts.map((p) => parseFmt(p, where)), tile };
}

/** The parameter list of `name`'s definition in `text` (attributes and line breaks allowed). */
export function parsePrototype(text: string, name: string, where: string): { returns: string; params: Param[] } {
  const re = new RegExp(`(^|\\n)([^;{}\\n]*?)\\b${name}\\s*\\(([^)]*)\\)\\s*\\{`);
  const m = re.exec(text);
  if (!m) throw new UserError(`no definition of ${name}() found`, where);
  const returns = m[2].replace(/__attribute__\s*\(\([^)]*\)\)/g, '').replace(/\s+/g, ' ').trim();
  const params = m[3].split(',').map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p && p !== 'void').map((p) => {
    const pm = /^(.*?)([A-Za-z_]\w*)$/.exec(p);
    if (!pm) throw new UserError(`cannot read parameter '${p}' of ${name}()`, where);
    return { type: pm[1].trim(), name: pm[2] };
  });
  return { returns, params };
}

function cFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...cFiles(p));
    else if (e.endsWith('.c')) out.push(p);
  }
  return out;
}

/** Every kernel of the families, in a stable order (family, group, name). */
export function listKernels(root: string, families: readonly Family[] = FAMILIES): KernelEntry[] {
  const out: KernelEntry[] = [];
  for (const family of families) {
    const src = join(root, family, '32bit', 'src');
    for (const file of cFiles(src)) {
      const name = basename(file, '.c');
      const where = relative(root, file);
      const parsed = parseName(name, where);
      if (!parsed) continue;
      const group = relative(src, file).split('/').slice(0, -1).join('/');
      out.push({ family, group, name, file, ...parsed, ...parsePrototype(readFileSync(file, 'utf8'), name, where) });
    }
  }
  return out;
}

/** Shell-style glob (`*`, `?`) over kernel names. */
export function globFilter(glob: string | undefined): (k: KernelEntry) => boolean {
  if (!glob) return () => true;
  const res = glob.split(',').map((g) => new RegExp(`^${g.trim().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`));
  return (k) => res.some((re) => re.test(k.name) || re.test(`${k.family}/${k.name}`));
}
