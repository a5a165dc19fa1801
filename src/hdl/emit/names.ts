import { fail } from '../expr.ts';
import type { ModuleDef } from '../ir.ts';
import type { Signal } from '../signal.ts';

/** SystemVerilog keywords (IEEE 1800-2017 and Verilator/Yosys extras) that user names must avoid. */
const KEYWORDS = new Set(
  (
    'accept_on alias always always_comb always_ff always_latch and assert assign assume automatic before begin bind ' +
    'bins binsof bit break buf bufif0 bufif1 byte case casex casez cell chandle checker class clocking cmos config ' +
    'const constraint context continue cover covergroup coverpoint cross deassign default defparam design disable ' +
    'dist do edge else end endcase endchecker endclass endclocking endconfig endfunction endgenerate endgroup ' +
    'endinterface endmodule endpackage endprimitive endprogram endproperty endspecify endsequence endtable endtask ' +
    'enum event eventually expect export extends extern final first_match for force foreach forever fork forkjoin ' +
    'function generate genvar global highz0 highz1 if iff ifnone ignore_bins illegal_bins implements implies import ' +
    'incdir include initial inout input inside instance int integer interconnect interface intersect join join_any ' +
    'join_none large let liblist library local localparam logic longint macromodule matches medium modport module ' +
    'nand negedge nettype new nexttime nmos nor noshowcancelled not notif0 notif1 null or output package packed ' +
    'parameter pmos posedge primitive priority program property protected pull0 pull1 pulldown pullup ' +
    'pulsestyle_ondetect pulsestyle_onevent pure rand randc randcase randsequence rcmos real realtime ref reg ' +
    'reject_on release repeat restrict return rnmos rpmos rtran rtranif0 rtranif1 s_always s_eventually s_nexttime ' +
    's_until s_until_with scalared sequence shortint shortreal showcancelled signed small soft solve specify ' +
    'specparam static string strong strong0 strong1 struct super supply0 supply1 sync_accept_on sync_reject_on ' +
    'table tagged task this throughout time timeprecision timeunit tran tranif0 tranif1 tri tri0 tri1 triand trior ' +
    'trireg type typedef union unique unique0 unsigned until until_with untyped use uwire var vectored virtual void ' +
    'wait wait_order wand weak weak0 weak1 while wildcard wire with within wor xnor xor clk_i rst_ni'
  ).split(' '),
);

export const CLOCK = 'clk_i';
export const RESET = 'rst_ni';

/**
 * SV names of one module's signals (lowRISC style: `_i`/`_o` ports, `_q`/`_d` registers, plain wires,
 * `<instance>_<port>` for instance connections) and fresh names for temporaries.
 */
export class Namer {
  private readonly used = new Map<string, string>();
  private readonly names = new Map<Signal, string>();

  constructor(def: ModuleDef) {
    this.used.set(CLOCK, 'the implicit clock');
    this.used.set(RESET, 'the implicit reset');
    for (const s of def.signals) {
      const base = s.kind === 'input' ? `${s.name}_i` : s.kind === 'output' ? `${s.name}_o` : s.kind === 'reg' ? `${s.name}_q` : s.name;
      const sv = s.kind === 'wire' && KEYWORDS.has(base) ? `${base}_w` : base;
      this.claim(sv, `'${s.name}'`, s);
      if (s.kind === 'reg') this.claim(`${s.name}_d`, `'${s.name}'`, s);
      this.names.set(s, sv);
    }
    for (const inst of def.instances) this.claim(`u_${inst.name}`, `instance '${inst.name}'`);
  }

  private claim(sv: string, what: string, s?: Signal): void {
    const prev = this.used.get(sv);
    if (prev !== undefined) {
      const loc = s?.loc;
      const msg = `name collision: ${what} becomes '${sv}' in SystemVerilog, which is already ${prev}`;
      if (loc) fail(msg, loc);
      throw new Error(msg);
    }
    this.used.set(sv, `the name of ${what}`);
  }

  of(s: Signal): string {
    return this.names.get(s)!;
  }

  /** next-state name of a register */
  next(s: Signal): string {
    return `${s.name}_d`;
  }

  /** A new name `base_hint` (then `base_hint_1`...) for a temporary. */
  fresh(base: string, hint: string): string {
    let name = `${base}_${hint}`;
    for (let i = 1; this.used.has(name) || KEYWORDS.has(name); i++) name = `${base}_${hint}_${i}`;
    this.used.set(name, 'a temporary');
    return name;
  }
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
