import { analyze, type ModuleUsage } from './analyze.ts';
import { checkModule } from './checks.ts';
import type { HdlDiagnostic } from './errors.ts';
import { fail } from './expr.ts';
import type { ModuleDef, RamSpec } from './ir.ts';
import { here, type Loc } from './loc.ts';
import { runBody, type ModuleGenerator, type Session } from './module.ts';
import { Signal } from './signal.ts';
import { indexWidth } from './types.ts';

/** An elaborated, checked design: the top module and every distinct module below it, dependencies first. */
export interface Design {
  top: ModuleDef;
  modules: ModuleDef[];
  usage: Map<ModuleDef, ModuleUsage>;
  warnings: HdlDiagnostic[];
  /** IR nodes built (signals, operators, statements), a size figure for benchmarks */
  nodes: number;
}

/**
 * Runs `gen` on `params` (merged over its defaults, hence Partial), elaborating children once per distinct parameter set,
 * and checks every module. Throws HdlError at the user's source line on the first design error.
 */
export function elaborate<P>(gen: ModuleGenerator<P>, params: Partial<P>): Design {
  const loc = here();
  const session = new ElabSession();
  const top = session.instantiate(gen as ModuleGenerator, (params ?? {}) as object, loc);
  const usage = new Map<ModuleDef, ModuleUsage>();
  const warnings: HdlDiagnostic[] = [];
  for (const def of session.order) {
    const u = analyze(def);
    usage.set(def, u);
    warnings.push(...u.warnings);
  }
  return { top, modules: session.order, usage, warnings, nodes: countNodes(session.order) };
}

class ElabSession implements Session {
  readonly order: ModuleDef[] = [];
  private readonly byGen = new Map<object, Map<string, ModuleDef>>();
  private readonly active = new Set<ModuleDef>();

  instantiate(gen: ModuleGenerator, params: object, loc: Loc): ModuleDef {
    if (typeof gen !== 'object' || gen === null || gen.kind !== 'flexv-module') {
      fail('instance of something that is not a module generator (make one with module())', loc);
    }
    const merged = { ...gen.defaults, ...params } as Record<string, unknown>;
    const key = paramKey(merged, loc);
    let variants = this.byGen.get(gen);
    if (!variants) this.byGen.set(gen, (variants = new Map()));
    const known = variants.get(key);
    if (known) {
      if (this.active.has(known)) fail(`module '${gen.name}' instantiates itself with the same parameters`, loc);
      return known;
    }
    const def = newDef(gen.name, gen, merged, key, loc);
    variants.set(key, def);
    this.active.add(def);
    runBody(def, gen, merged, this);
    checkModule(def);
    this.active.delete(def);
    this.order.push(def);
    return def;
  }

  ram(spec: RamSpec): ModuleDef {
    const { depth, width, macro, lanes } = spec;
    const key = `${depth}x${width}:${lanes ?? 0}:${macro ?? ''}`;
    let variants = this.byGen.get(RAM);
    if (!variants) this.byGen.set(RAM, (variants = new Map()));
    const known = variants.get(key);
    if (known) return known;
    const params: Record<string, unknown> = lanes ? { depth, width, byteEnable: true } : { depth, width };
    const def = newDef(macro ?? 'ram_1r1w', RAM, params, key, here());
    def.ram = spec;
    def.usesClock = true;
    const aw = indexWidth(depth);
    const port = (name: string, kind: 'input' | 'output', w: number) => {
      const s = new Signal(name, kind, { kind: 'uint', width: w }, def, def.loc);
      s.assignments = 1; // driven inside the memory array
      def.ports.push(s);
      def.signals.push(s);
    };
    port('we', 'input', 1);
    port('waddr', 'input', aw);
    port('wdata', 'input', width);
    if (lanes) port('be', 'input', lanes);
    port('re', 'input', 1);
    port('raddr', 'input', aw);
    port('rdata', 'output', width);
    def.combPaths = new Map(); // read data is registered: no combinational path through a memory
    def.io = {};
    variants.set(key, def);
    this.order.push(def);
    return def;
  }
}

/** Identity of the built-in memory generator, for dedup and naming. */
export const RAM = Object.freeze({ kind: 'flexv-ram' });

function newDef(name: string, generator: object, params: Record<string, unknown>, paramKey: string, loc: Loc): ModuleDef {
  return {
    name,
    svName: name,
    generator,
    params,
    paramKey,
    ports: [],
    signals: [],
    body: [],
    instances: [],
    io: undefined,
    portTree: {},
    loc,
    names: new Map(),
    usesClock: false,
    usesReset: false,
  };
}

/** Parameters as a canonical string (sorted keys), so equal parameter sets share one module. */
function paramKey(params: Record<string, unknown>, loc: Loc): string {
  const norm = (v: unknown): unknown => {
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'function') fail('module parameters must be data (numbers, strings, booleans, arrays, objects), not functions', loc);
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') {
      if ((v as { kind?: unknown }).kind === 'flexv-module') return `<module ${(v as { name: string }).name}>`;
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return JSON.stringify(norm(params));
}

function countNodes(defs: ModuleDef[]): number {
  let n = 0;
  const seen = new Set<object>();
  const visitExpr = (root: object) => {
    const todo = [root as { args: object[] }];
    while (todo.length) {
      const e = todo.pop()!;
      if (seen.has(e)) continue;
      seen.add(e);
      n++;
      for (const a of e.args) todo.push(a as { args: object[] });
    }
  };
  for (const def of defs) {
    for (const s of def.signals) {
      seen.add(s);
      n++;
    }
    const walk = (b: typeof def.body) => {
      for (const st of b) {
        n++;
        if (st.kind === 'assign') visitExpr(st.value);
        else if (st.kind === 'when') for (const br of st.branches) { if (br.cond) visitExpr(br.cond); walk(br.body); }
        else { visitExpr(st.sel); for (const c of st.cases) walk(c.body); }
      }
    };
    walk(def.body);
  }
  return n;
}
