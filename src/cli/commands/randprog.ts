import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { instructionsFor, isConfig } from '../../isa/index.ts';
import { buildRandomElf } from '../../randprog/assemble.ts';
import { addProgram, emptyCoverage, formatCoverage } from '../../randprog/coverage.ts';
import { runExecCoverage } from '../../randprog/exec-coverage-run.ts';
import { formatExecCoverage } from '../../randprog/exec-coverage.ts';
import { UserError } from '../../util/errors.ts';
import { buildClusterProgram } from '../../randprog/cluster/build.ts';
import { MAX_CORES, MAX_PHASES } from '../../randprog/cluster/layout.ts';
import { formatClusterProgram } from '../../randprog/cluster/report.ts';

function integer(text: string, option: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\s*-?\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UserError(`${option} must be an integer in [${min}, ${max}], got '${text}'`, option);
  }
  return n;
}

/**
 * `flexv randprog --config C --seed S --length N -o prog.elf [--coverage out.json] [--asm prog.S]`:
 * a valid, terminating random program (ends with tohost = 1) covering the configuration's instruction
 * table, and its coverage reports (printed; JSON with --coverage): static (what the code holds) and
 * executed (ids retired and hazard classes hit on the golden model, in retirement order).
 */
export function registerRandprog(program: Command): void {
  program
    .command('randprog')
    .description('generate a random test program (all instruction classes of a configuration) and its coverage report')
    .option('--config <config>', 'baseline | xpulpnn | flexv', 'baseline')
    .option('--seed <n>', 'random seed (same seed, same bytes)', '1')
    .option('--length <n>', 'random items: instructions with their setup, branches, loop nests, traps, ... (default 200; with --cores: per hart and phase, default 40)')
    .option('--cores <n>', `a self-checking SPMD program for a cluster of n cores (1..${MAX_CORES}): shared banks, barriers, DMA, events`)
    .option('--phases <n>', 'with --cores: phases, each ended by a barrier', '4')
    .requiredOption('-o, --output <file>', 'output ELF file')
    .option('--coverage <file>', 'write the coverage report as JSON')
    .option('--asm <file>', 'also write the generated assembly source')
    .option('--repeat <n>', 'run the random body n times, each from the registers the last run left', '1')
    .option('--exclude <ids>', 'comma-separated instruction ids not to emit (e.g. pv.qnt.n for an RTL without it)')
    .action(async (opts: { config: string; seed: string; length?: string; repeat: string; output: string; coverage?: string; asm?: string; exclude?: string; cores?: string; phases: string }) => {
      if (!isConfig(opts.config)) throw new UserError(`unknown configuration '${opts.config}' (baseline, xpulpnn, flexv)`, '--config');
      const seed = integer(opts.seed, '--seed', 0, 0xffffffff);
      const exclude = (opts.exclude ?? '').split(',').map((x) => x.trim()).filter(Boolean);
      const known = new Set(instructionsFor(opts.config).map((d) => d.id));
      const unknown = exclude.filter((id) => !known.has(id));
      if (unknown.length) throw new UserError(`no instruction ${unknown.map((x) => `'${x}'`).join(', ')} in the ${opts.config} table`, '--exclude');
      if (opts.cores !== undefined) {
        if (opts.repeat !== '1') throw new UserError('--repeat applies to single-core programs (without --cores)', '--repeat');
        const cores = integer(opts.cores, '--cores', 1, MAX_CORES);
        const phases = integer(opts.phases, '--phases', 1, MAX_PHASES);
        const length = integer(opts.length ?? '40', '--length', 1, 10_000);
        const prog = buildClusterProgram({ config: opts.config, cores, seed, phases, length, exclude });
        await writeFile(opts.output, prog.elf);
        if (opts.asm) await writeFile(opts.asm, prog.source);
        console.log(formatClusterProgram(prog));
        if (opts.coverage) await writeFile(opts.coverage, JSON.stringify({ ...prog.facts, expected: prog.expected, instructions: prog.instructions }, null, 2) + '\n');
        return;
      }
      if (opts.phases !== '4') throw new UserError('--phases applies to multi-core programs (--cores)', '--phases');
      const length = integer(opts.length ?? '200', '--length', 1, 100_000);
      const repeat = integer(opts.repeat, '--repeat', 1, 1_000_000);
      const prog = buildRandomElf({ config: opts.config, seed, length, repeat, exclude });
      await writeFile(opts.output, prog.elf);
      if (opts.asm) await writeFile(opts.asm, prog.source);
      const cov = emptyCoverage(opts.config);
      addProgram(cov, prog.asm, prog.facts);
      console.log(formatCoverage(cov));
      // What the program does when it runs (on the golden model): ids retired and hazards hit, in order.
      const executed = runExecCoverage(opts.config, prog.elf, opts.output);
      console.log(formatExecCoverage(executed));
      if (opts.coverage) await writeFile(opts.coverage, JSON.stringify({ ...cov, executed }, null, 2) + '\n');
    });
}
