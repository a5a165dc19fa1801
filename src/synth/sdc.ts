import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../util/errors.ts';
import type { EmittedDesign } from './design-types.ts';
import { CONSTRAINTS_DIR, fillTemplate } from './scripts.ts';

export interface SdcOptions {
  /** Clock period in ns (> 0). */
  periodNs: number;
  /** Input and output delay as a fraction of the period, in [0, 1). */
  ioFraction: number;
}

/** Default constraints: 2 ns (500 MHz, a 22 nm-class target) and 30% of it outside the block on I/O. */
export const DEFAULT_SDC: SdcOptions = { periodNs: 2, ioFraction: 0.3 };

/** The SDC text for an emitted top: clock on `clk_i`, I/O delays, `rst_ni` a false path. */
export async function renderSdc(design: EmittedDesign, opts: SdcOptions): Promise<string> {
  checkSdcOptions(opts);
  const template = await readFile(join(CONSTRAINTS_DIR, 'top.sdc.tmpl'), 'utf8');
  const special = new Set([design.clock, design.reset].filter((p): p is string => !!p));
  const inputs = design.ports.filter((p) => p.dir === 'input' && !special.has(p.name)).map((p) => p.name);
  const outputs = design.ports.filter((p) => p.dir === 'output').map((p) => p.name);
  const delayLine = (kind: 'input' | 'output', ports: string[]) =>
    ports.length
      ? `set_${kind}_delay $io_delay_ns -clock clk_i [get_ports {${ports.join(' ')}}]`
      : `# no ${kind}s besides clock and reset`;
  const text = fillTemplate(
    template,
    {
      TOP: design.top,
      PERIOD_NS: formatNs(opts.periodNs),
      IO_PERCENT: String(Math.round(opts.ioFraction * 1000) / 10),
      IO_DELAY_NS: formatNs(opts.periodNs * opts.ioFraction),
      CLOCK_PORT: design.clock ? `[get_ports ${design.clock}]` : '',
      INPUT_DELAY: delayLine('input', inputs),
      OUTPUT_DELAY: delayLine('output', outputs),
      RESET: design.reset ? `set_false_path -from [get_ports ${design.reset}]` : '# no reset port',
    },
    'top.sdc.tmpl',
  );
  return text.replace(/[ \t]+$/gm, '');
}

/** Writes `<top>.sdc` into `dir` (next to the emitted SV) and returns its path. */
export async function writeSdc(design: EmittedDesign, dir: string, opts: SdcOptions = DEFAULT_SDC): Promise<string> {
  const text = await renderSdc(design, opts);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${design.top}.sdc`);
  await writeFile(path, text);
  return path;
}

export function checkSdcOptions(opts: SdcOptions): void {
  if (!(Number.isFinite(opts.periodNs) && opts.periodNs > 0)) {
    throw new UserError(`clock period must be a positive number of ns, got ${opts.periodNs}`);
  }
  if (!(Number.isFinite(opts.ioFraction) && opts.ioFraction >= 0 && opts.ioFraction < 1)) {
    throw new UserError(`I/O delay fraction must be in [0, 1), got ${opts.ioFraction}`);
  }
}

/** Up to picosecond resolution, without trailing zeros: 2, 0.6, 1.333. */
function formatNs(ns: number): string {
  return String(Math.round(ns * 1000) / 1000);
}
