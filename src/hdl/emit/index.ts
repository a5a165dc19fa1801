import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Design } from '../elaborate.ts';
import type { HdlDiagnostic } from '../errors.ts';
import { fail } from '../expr.ts';
import type { ModuleDef } from '../ir.ts';
import { emitModule, SELF, type ModuleText, type PortInfo } from './module.ts';
import { checkPrefix, CLOCK, DEFAULT_PREFIX, moduleName, packageName, paramAbbrev, paramValueText, RESET, shortHash } from './names.ts';
import { emitPackage } from './package.ts';

export type { PortInfo } from './module.ts';

export interface EmitResult {
  /** SV name of the top module */
  top: string;
  /** one `<module>.sv` per module, dependencies first */
  files: { name: string; text: string }[];
  /** contents of filelist.f: file names relative to the output directory, dependencies first */
  filelist: string;
  /** the top's ports as they appear in SV (Vec/Bundle ports flattened) */
  ports: PortInfo[];
  clock?: string;
  reset?: string;
  warnings: HdlDiagnostic[];
}

interface Variant {
  defs: ModuleDef[];
  text: ModuleText;
  name?: string;
}

/**
 * Writes the design as SystemVerilog. Pure: the same design gives byte-identical text. Modules whose SV is
 * identical (same generator, same structure) are emitted once; a generator with several distinct variants
 * gets readable names from the parameters that differ (`fifo_d4`, `fifo_d8`).
 */
export interface EmitOptions {
  /** SV name of the top module (still prefixed) */
  top?: string;
  /** put before every module name (default `flexv_`; a name already starting with it is kept) */
  prefix?: string;
}

export function emit(design: Design, options: EmitOptions = {}): EmitResult {
  const prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
  const pkg = packageName(prefix);
  const canonical = new Map<ModuleDef, Variant>();
  const variants: Variant[] = [];
  const byKey = new Map<string, Variant>();
  const ids = new Map<Variant, number>();
  for (const def of design.modules) {
    const text = emitModule(
      def,
      pkg,
      design.usage.get(def)!,
      (child) => ids.get(canonical.get(child)!)!,
      (child) => design.usage.get(child)!,
    );
    const key = `${genId(def)}\u0000${text.body}`;
    let v = byKey.get(key);
    if (!v) {
      v = { defs: [], text };
      byKey.set(key, v);
      ids.set(v, variants.length);
      variants.push(v);
    }
    v.defs.push(def);
    canonical.set(def, v);
  }
  nameVariants(variants, canonical.get(design.top)!, options.top, prefix);

  const files = variants.map((v) => ({ name: `${v.name}.sv`, text: header(v) + resolve(v, variants) }));
  // the enumerations the modules name, in one package read before them
  const enums = [...new Set(variants.flatMap((v) => v.text.enums))];
  if (enums.length) files.unshift({ name: `${pkg}.sv`, text: emitPackage(pkg, enums) });
  const topVariant = canonical.get(design.top)!;
  const usage = design.usage.get(design.top)!;
  return {
    top: topVariant.name!,
    files,
    filelist: files.map((f) => f.name).join('\n') + '\n',
    ports: topVariant.text.ports,
    clock: usage.needsClock ? CLOCK : undefined,
    reset: usage.needsReset ? RESET : undefined,
    warnings: design.warnings,
  };
}

/** Writes the files and filelist.f into `outDir` (created if needed). */
export async function writeEmit(result: EmitResult, outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const f of result.files) await writeFile(join(outDir, f.name), f.text);
  await writeFile(join(outDir, 'filelist.f'), result.filelist);
}

const genIds = new WeakMap<object, number>();
let nextGen = 0;
function genId(def: ModuleDef): number {
  let id = genIds.get(def.generator);
  if (id === undefined) genIds.set(def.generator, (id = nextGen++));
  return id;
}

function nameVariants(variants: Variant[], top: Variant, topName: string | undefined, prefix: string): void {
  const groups = new Map<object, Variant[]>();
  for (const v of variants) {
    // a memory behind a macro takes the macro's name; the other memories are variants of one generator
    const g = v.defs[0]!.ram?.macro ? v.defs[0]! : v.defs[0]!.generator;
    const list = groups.get(g) ?? [];
    list.push(v);
    groups.set(g, list);
  }
  const taken = new Map<string, ModuleDef>();
  const claim = (v: Variant, name: string) => {
    const prev = taken.get(name);
    if (prev) {
      fail(
        `two modules would both be named '${name}' in SystemVerilog (generators at ${prev.loc} and ${v.defs[0]!.loc}); rename one`,
        v.defs[0]!.loc,
      );
    }
    taken.set(name, v.defs[0]!);
    v.name = name;
  };
  for (const list of groups.values()) {
    const def = list[0]!.defs[0]!;
    // a macro's name is the real macro's: it keeps it
    const base = def.ram?.macro ? def.name : moduleName(def.name, prefix);
    const named = topName ? moduleName(topName, prefix) : undefined;
    if (list.length === 1) {
      claim(list[0]!, list[0] === top && named ? named : base);
      continue;
    }
    for (const v of list) claim(v, v === top && named ? named : `${base}_${variantSuffix(v, list)}`);
  }
}

/** `w8_d4` from the parameters that differ among a generator's variants, or a short hash. */
function variantSuffix(v: Variant, all: Variant[]): string {
  const params = v.defs[0]!.params;
  const keys = Object.keys(params)
    .filter((k) => all.some((o) => JSON.stringify(o.defs[0]!.params[k]) !== JSON.stringify(params[k])))
    .sort();
  const abbrevs = keys.map(paramAbbrev);
  const unique = new Set(abbrevs).size === abbrevs.length;
  const parts: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const text = paramValueText(params[keys[i]!]);
    if (text === undefined) return `h${shortHash(v.defs[0]!.paramKey)}`;
    parts.push(`${unique ? abbrevs[i] : keys[i]}${text}`);
  }
  const suffix = parts.join('_');
  return suffix && suffix.length <= 32 ? suffix : `h${shortHash(v.defs[0]!.paramKey)}`;
}

function resolve(v: Variant, variants: Variant[]): string {
  return v.text.body
    .replaceAll(SELF, v.name!)
    .replace(/\u0001(\d+)\u0001/g, (_, id: string) => variants[Number(id)]!.name!);
}

function header(v: Variant): string {
  const def = v.defs[0]!;
  const lines = ['// Generated by flexv. Do not edit: change the generator and emit again.'];
  if (def.ram) {
    const be = def.ram.lanes ? `, ${def.ram.lanes} byte write enables` : '';
    lines.push(`// Memory: 1 read port, 1 write port, synchronous read; depth ${def.ram.depth}, width ${def.ram.width}${be}.`);
    if (def.ram.macro) lines.push(`// Behavioral model of macro '${def.ram.macro}': replace this file with the macro.`);
  } else {
    const genLoc = (def.generator as { loc?: { fileName(): string } }).loc;
    const where = genLoc?.fileName() ? ` (${genLoc.fileName()})` : '';
    lines.push(`// Generator: ${def.name}${where}`);
    const ps = Object.keys(def.params).sort().map((k) => `${k}=${formatParam(def.params[k])}`);
    lines.push(...wrapComment('Parameters: ', ps.length ? ps : ['(none)']));
    if (v.defs.length > 1) lines.push(`// Also stands for ${v.defs.length - 1} other parameter set(s) that give identical hardware.`);
  }
  return lines.join('\n') + '\n\n';
}

/**
 * A parameter as the header shows it: a scalar (or a short list) as written, a table as its size and a
 * content hash, so that a decoder's instruction table does not become one 60 k-character comment.
 */
export function formatParam(v: unknown): string {
  if (typeof v === 'bigint') return `${v}`;
  const s = JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? `${x}` : x));
  if (s === undefined) return String(v);
  if (s.length <= 40 || v === null || typeof v !== 'object') return s;
  const n = Array.isArray(v) ? v.length : Object.keys(v).length;
  return `${Array.isArray(v) ? 'list' : 'table'} of ${n} (hash ${shortHash(s)})`;
}

/** `// Parameters: a=1, b=2,` continued on `//   c=3` lines, each at most 100 columns. */
function wrapComment(head: string, items: string[]): string[] {
  const lines: string[] = [];
  let cur = `// ${head}`;
  items.forEach((item, i) => {
    const text = item + (i === items.length - 1 ? '' : ',');
    if (cur.length + 1 + text.length > 100 && cur.trim() !== '//' && !cur.endsWith(head)) {
      lines.push(cur);
      cur = '//   ';
    }
    cur += (cur.endsWith(' ') ? '' : ' ') + text;
  });
  lines.push(cur);
  return lines;
}

