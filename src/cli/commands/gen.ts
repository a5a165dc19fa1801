import type { Command } from 'commander';
import { coreCoverage, emitCore } from '../../core/core.ts';
import { formatDiagnostic, writeEmit } from '../../hdl/index.ts';
import { DEFAULT_SDC, writeSdc } from '../../synth/sdc.ts';
import { UserError } from '../../util/errors.ts';

/** `flexv gen --target core --config baseline --out dir`: the generated core's SV, filelist.f and SDC. */
export function registerGen(program: Command): void {
  program
    .command('gen')
    .description('generate a core (SystemVerilog, filelist.f and an SDC) for a configuration')
    .requiredOption('--target <target>', 'what to generate: core')
    .option('--config <config>', 'core configuration', 'baseline')
    .requiredOption('--out <dir>', 'output directory (created if needed)')
    .option('--period <ns>', 'clock period of the SDC in ns', String(DEFAULT_SDC.periodNs))
    .action(async (opts: { target: string; config: string; out: string; period: string }) => {
      if (opts.target !== 'core') throw new UserError(`unknown target '${opts.target}' (targets: core)`, '--target');
      const period = Number(opts.period);
      const result = emitCore(opts.config);
      await writeEmit(result, opts.out);
      const sdc = await writeSdc(result, opts.out, { ...DEFAULT_SDC, periodNs: period });
      for (const w of result.warnings) console.error(formatDiagnostic(w));
      const cov = coreCoverage(opts.config);
      console.log(`${opts.out}: ${result.files.length} modules, top '${result.top}', filelist.f, ${sdc.split('/').pop()}`);
      console.log(`decodes ${cov.decoded.length} 32-bit and ${cov.compressed.length} compressed instructions` +
        (cov.missing.length ? `; ${cov.missing.length} of the ISA configuration have no part yet` : ''));
    });
}
