import type { Config } from '../isa/index.ts';
import { readElf } from '../elf/read.ts';
import { runImage } from '../iss/run.ts';
import { UserError } from '../util/errors.ts';
import { ExecCoverage, type ExecCoverageReport } from './exec-coverage.ts';

/**
 * Runs a program on the golden model and adds its retirements to `cov`. The golden model's retirement
 * stream is the one lockstep compares the core against, so this is what the core is tested with.
 * The program must end with tohost = 1.
 */
export function observeOnGolden(cov: ExecCoverage, elf: Uint8Array, fileName: string, maxInstr = 20_000_000): void {
  cov.startProgram();
  const r = runImage(readElf(elf, fileName), fileName, { config: cov.config, maxInstr, onRetire: (rec) => cov.observe(rec) });
  if (r.reason !== 'tohost' || r.value !== 1) {
    throw new UserError(`the program ended with ${r.reason} = ${r.value} on the golden model, not tohost = 1`, fileName);
  }
}

/** The execution coverage of one program (run on the golden model). */
export function runExecCoverage(config: Config, elf: Uint8Array, fileName: string): ExecCoverageReport {
  const cov = new ExecCoverage(config);
  observeOnGolden(cov, elf, fileName);
  return cov.report();
}
