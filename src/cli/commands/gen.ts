import type { Command } from 'commander';
import { emitCluster } from '../../cluster/cluster.ts';
import { clusterOptionsFromFlags } from '../../cluster/cluster-params.ts';
import { coreCoverage, emitCore } from '../../core/core.ts';
import { checkPrefix, DEFAULT_PREFIX, formatDiagnostic, writeEmit, type EmitResult } from '../../hdl/index.ts';
import { DEFAULT_SDC, writeSdc } from '../../synth/sdc.ts';
import { UserError } from '../../util/errors.ts';

interface GenFlags {
  target: string;
  config: string;
  out: string;
  period: string;
  cores?: string;
  banking?: string;
  prefix: string;
}

/**
 * `flexv gen --target core --config baseline --out dir`: the generated core's SV, filelist.f and SDC;
 * `flexv gen --target cluster --cores 8 [--banking 2] --out dir`: the same for the cluster.
 */
export function registerGen(program: Command): void {
  program
    .command('gen')
    .description('generate a core or a cluster (SystemVerilog, filelist.f and an SDC) for a configuration')
    .requiredOption('--target <target>', 'what to generate: core | cluster')
    .option('--config <config>', 'core configuration', 'baseline')
    .requiredOption('--out <dir>', 'output directory (created if needed)')
    .option('--period <ns>', 'clock period of the SDC in ns', String(DEFAULT_SDC.periodNs))
    .option('--cores <n>', 'cluster: number of cores (1..31)')
    .option('--banking <f>', 'cluster: TCDM banks per core, a power of two (default 2)')
    .option('--prefix <prefix>', 'put before every module name', DEFAULT_PREFIX)
    .action(async (opts: GenFlags) => {
      if (opts.target !== 'core' && opts.target !== 'cluster') throw new UserError(`unknown target '${opts.target}' (targets: core, cluster)`, '--target');
      if (opts.target === 'core' && (opts.cores !== undefined || opts.banking !== undefined)) {
        throw new UserError('--cores and --banking apply to --target cluster', opts.cores !== undefined ? '--cores' : '--banking');
      }
      const period = Number(opts.period);
      const prefix = checkPrefix(opts.prefix);
      let result: EmitResult;
      let summary: string;
      if (opts.target === 'core') {
        result = emitCore(opts.config, {}, prefix);
        const cov = coreCoverage(opts.config);
        summary = `decodes ${cov.decoded.length} 32-bit and ${cov.compressed.length} compressed instructions` +
          (cov.missing.length ? `; ${cov.missing.length} of the ISA configuration have no part yet` : '');
      } else {
        const { params, result: r } = emitCluster(clusterOptionsFromFlags(opts), prefix);
        result = r;
        summary = `${params.cores} ${params.config} cores, ${params.banks} TCDM banks of ${params.bankWords} words (${params.tcdmBytes / 1024} KiB), instruction ports and L2 port external`;
      }
      await writeEmit(result, opts.out);
      const sdc = await writeSdc(result, opts.out, { ...DEFAULT_SDC, periodNs: period });
      for (const w of result.warnings) console.error(formatDiagnostic(w));
      console.log(`${opts.out}: ${result.files.length} modules, top '${result.top}', filelist.f, ${sdc.split('/').pop()}`);
      console.log(summary);
    });
}
