import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { UserError } from '../../util/errors.ts';
import { compareTarget, synthTarget } from '../../synth/run.ts';
import { formatCompare, formatReport } from '../../synth/format.ts';
import { parseParams } from '../../synth/params.ts';
import { progressPrinter } from '../../synth/progress.ts';
import { DEFAULT_SDC } from '../../synth/sdc.ts';
import { DEFAULT_MACRO_MIN_BITS } from '../../synth/memories.ts';
import { TARGETS } from '../../synth/targets.ts';

interface SynthFlags {
  target: string;
  param: string[];
  config?: string;
  cores?: string;
  banking?: string;
  compare?: string[];
  json?: string;
  period: string;
  ioFraction: string;
  macroBits: string;
  levels: string;
  out: string;
  quiet?: boolean;
}

/** `flexv synth`: emit a design, synthesize it with Yosys, report area, flip-flops and logic depth. */
export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description('synthesize a design with Yosys: area (NAND2-eq), flip-flops, macros, logic depth per module')
    .argument('[design]', 'design file (TypeScript, default export a module generator) for --target module')
    .option('--target <name>', `what to synthesize: ${Object.keys(TARGETS).join(' | ')}`, 'module')
    .option('--param <k=v>', 'generator parameter (repeatable; k=v,k2=v2 also accepted)', collect, [])
    .option('--config <name>', 'core/cluster configuration: baseline | xpulpnn | flexv (default: baseline for a core, flexv for a cluster)')
    .option('--cores <n>', 'cluster: number of cores (--target cluster)')
    .option('--banking <f>', 'cluster: TCDM banks per core, a power of two (default 2)')
    .option('--compare <sides...>', 'synthesize two variants in one run and print the overhead of the second: two param sets (k=v,...) for a module, two configs for core/cluster')
    .option('--json <file>', 'write the full report (or the comparison) as JSON')
    .option('--period <ns>', 'clock period written into the SDC', String(DEFAULT_SDC.periodNs))
    .option('--io-fraction <f>', 'input/output delay as a fraction of the period, in the SDC', String(DEFAULT_SDC.ioFraction))
    .option('--macro-bits <n>', 'memories of at least this many bits (and no flexv_regfile attribute) stay macros', String(DEFAULT_MACRO_MIN_BITS))
    .option('--levels <n>', 'hierarchy levels shown in the block tables', '2')
    .option('--out <dir>', 'where emitted SV and Yosys files go', 'build/synth')
    .option('-q, --quiet', 'no progress output')
    .action(async (design: string | undefined, flags: SynthFlags) => {
      const request = {
        ...(design ? { design } : {}),
        params: parseParams(flags.param),
        ...(flags.config ? { config: flags.config } : {}),
        ...(flags.cores !== undefined ? { cores: integer(flags.cores, '--cores') } : {}),
        ...(flags.banking !== undefined ? { banking: integer(flags.banking, '--banking') } : {}),
        sdc: { periodNs: number(flags.period, '--period'), ioFraction: number(flags.ioFraction, '--io-fraction') },
      };
      const progress = flags.quiet ? undefined : progressPrinter(process.stderr);
      const opts = {
        target: flags.target,
        request,
        buildRoot: flags.out,
        macroMinBits: integer(flags.macroBits, '--macro-bits'),
        ...(progress ? { onProgress: progress.sink } : {}),
      };
      const levels = integer(flags.levels, '--levels');
      try {
        if (flags.compare) {
          if (flags.compare.length !== 2) {
            throw new UserError(`--compare takes exactly two variants (got ${flags.compare.length}: ${flags.compare.join(' ')}); put the design file before --compare`);
          }
          const c = await compareTarget(opts, flags.compare[0]!, flags.compare[1]!);
          progress?.done();
          console.log(formatCompare(c, levels));
          if (flags.json) await writeFile(flags.json, JSON.stringify(c, null, 2) + '\n');
        } else {
          const r = await synthTarget(opts);
          progress?.done();
          console.log(formatReport(r, levels));
          if (flags.json) await writeFile(flags.json, JSON.stringify(r, null, 2) + '\n');
        }
      } finally {
        progress?.done();
      }
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function number(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n)) throw new UserError(`${flag}: expected a number, got '${text}'`);
  return n;
}

function integer(text: string, flag: string): number {
  const n = number(text, flag);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`${flag}: expected a non-negative integer, got '${text}'`);
  return n;
}
