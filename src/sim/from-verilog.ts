import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { UserError } from '../util/errors.ts';
import { requireTool } from '../util/tools.ts';
import type { SimDesign } from './design.ts';
import { FILELIST } from './lint.ts';
import type { SimPort } from './ports.ts';

export interface FromVerilogOptions {
  /** Top module; Verilator picks the uninstantiated one when omitted. */
  top?: string;
  /** Clock input; default `clk_i` (or `clk`) when the top has one. */
  clock?: string;
  /** Reset input; default `rst_ni` (or `rst_n`) when the top has one. */
  reset?: string;
}

/**
 * A `SimDesign` for SystemVerilog that did not come from flexv's emitter (an emitted directory without
 * its EmitResult, or hand-written RTL): reads the files of `dir/filelist.f` and asks Verilator for the
 * top's ports (`--xml-only`), so nothing is listed by hand.
 */
export async function designFromVerilog(dir: string, opts: FromVerilogOptions = {}): Promise<SimDesign> {
  const filelist = join(resolve(dir), FILELIST);
  if (!existsSync(filelist)) throw new UserError(`no ${FILELIST} in ${dir}`, dir);
  const names = (await readFile(filelist, 'utf8'))
    .split('\n')
    .map((l) => l.replace(/\/\/.*$/, '').trim())
    .filter((l) => l !== '');
  const files = [];
  for (const n of names) {
    if (/^[-+]/.test(n)) throw new UserError(`${FILELIST}: option '${n}' is not supported here, only file names`, filelist);
    files.push({ name: basename(n), text: await readFile(resolve(dir, n), 'utf8') });
  }
  const xml = await verilatorXml(filelist, opts.top);
  const { top, ports } = topPorts(xml, filelist);
  const has = (n: string) => ports.some((p) => p.name === n && p.dir === 'input');
  const clock = opts.clock ?? ['clk_i', 'clk'].find(has);
  const reset = opts.reset ?? ['rst_ni', 'rst_n'].find(has);
  return { top, files, ports, ...(clock && { clock }), ...(reset && { reset }) };
}

async function verilatorXml(filelist: string, top: string | undefined): Promise<string> {
  const bin = await requireTool('verilator');
  const tmp = await mkdtemp(join(tmpdir(), 'flexv-xml-'));
  try {
    const out = join(tmp, 'design.xml');
    const args = ['--xml-only', '--xml-output', out, '-Mdir', tmp, '--no-timing', '-Wno-fatal', '-Wno-lint', '-Wno-style', '-F', filelist];
    if (top) args.push('--top-module', top);
    const r = await execa(bin, args, { reject: false, all: true });
    if (r.exitCode !== 0) throw new UserError(`Verilator could not read the design:\n${r.all ?? ''}`.trimEnd(), filelist);
    return await readFile(out, 'utf8');
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

const attrs = (text: string): Record<string, string> =>
  Object.fromEntries([...text.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));

/** The top module's ports, sized from Verilator's type table (plain packed vectors only). */
export function topPorts(xml: string, where: string): { top: string; ports: SimPort[] } {
  // The first entry of <cells> is the root of the hierarchy Verilator elaborated: the top.
  const root = /<cells>\s*<cell ([^>]*?)\/?>/.exec(xml);
  const top = root ? attrs(root[1]).submodname : undefined;
  const topMatch = top && new RegExp(`<module ([^>]*name="${top}"[^>]*)>([\\s\\S]*?)</module>`).exec(xml);
  if (!top || !topMatch) throw new UserError('Verilator found no top module', where);
  const types = new Map<string, Record<string, string>>();
  for (const m of xml.matchAll(/<(\w+dtype) ([^>]*?)\/?>/g)) {
    const a = attrs(m[2]);
    types.set(a.id, { kind: m[1], ...a });
  }
  const ports: SimPort[] = [];
  // Only the top's own variables: nested blocks (begin/end scopes) come after its ports.
  for (const m of topMatch[2].matchAll(/<var ([^>]*?)\/?>/g)) {
    const a = attrs(m[1]);
    if (a.dir === undefined) continue;
    const t = types.get(a.dtype_id);
    if (a.dir !== 'input' && a.dir !== 'output') {
      throw new UserError(`port ${a.name} of ${top} is an ${a.dir}: the harness drives inputs and outputs only`, where);
    }
    if (!t || t.kind !== 'basicdtype') {
      throw new UserError(`port ${a.name} of ${top} has a type the harness cannot size (${t?.kind ?? 'unknown'}): flatten it to a packed vector`, where);
    }
    const width = t.left === undefined ? 1 : Math.abs(Number(t.left) - Number(t.right)) + 1;
    ports.push({ name: a.name, dir: a.dir, width, signed: t.signed === 'true' });
  }
  return { top, ports };
}
