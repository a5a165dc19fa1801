import { UserError } from '../util/errors.ts';
import type { SimPort } from './ports.ts';

/**
 * What the harness needs to build a model: the emitted SystemVerilog and its top's ports. `EmitResult`
 * from src/hdl has this shape, so an emitted design can be passed as it is.
 */
export interface SimDesign {
  top: string;
  files: { name: string; text: string }[];
  ports: SimPort[];
  /** The clock input (1 bit); without one the module is combinational and only `eval` applies. */
  clock?: string;
  /** The reset input (1 bit); its polarity comes from its name unless `resetActiveLow` says. */
  reset?: string;
  /** Defaults to true for names like `rst_ni`, `rst_n`, `reset_n`. */
  resetActiveLow?: boolean;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True for the usual active-low spellings: `rst_ni`, `rst_n`, `rstn`, `reset_n`, `nreset`. */
export function looksActiveLow(name: string): boolean {
  return /(_ni?|rstn|resetn)$/i.test(name) || /^n_?(rst|reset)/i.test(name);
}

/** Rejects a design the harness cannot drive, naming the problem (before Verilator gets to see it). */
export function checkDesign(d: SimDesign): void {
  const where = `design ${d.top || '(no top)'}`;
  if (!d.top || !IDENTIFIER.test(d.top)) throw new UserError(`top module name '${d.top}' is not an identifier`, where);
  if (d.files.length === 0) throw new UserError('no SystemVerilog files to build', where);
  const seen = new Set<string>();
  for (const p of d.ports) {
    if (!IDENTIFIER.test(p.name)) throw new UserError(`port name '${p.name}' is not an identifier`, where);
    if (seen.has(p.name)) throw new UserError(`port '${p.name}' is listed twice`, where);
    seen.add(p.name);
    if (!Number.isInteger(p.width) || p.width < 1) {
      throw new UserError(`port '${p.name}' has width ${p.width}: widths are integers >= 1`, where);
    }
    if (p.dir !== 'input' && p.dir !== 'output') {
      throw new UserError(`port '${p.name}' has direction '${String(p.dir)}': the harness drives only input and output ports`, where);
    }
  }
  for (const [role, name] of [['clock', d.clock], ['reset', d.reset]] as const) {
    if (name === undefined) continue;
    const p = d.ports.find((q) => q.name === name);
    if (!p) throw new UserError(`${role} '${name}' is not a port of ${d.top}`, where);
    if (p.dir !== 'input' || p.width !== 1) throw new UserError(`${role} '${name}' must be a 1-bit input`, where);
  }
  if (d.ports.length > 0xffff) throw new UserError('more than 65535 ports', where);
}
