import type { Command } from 'commander';
import { isConfig } from '../../isa/index.ts';
import { readElfFile } from '../../elf/read.ts';
import { Cluster, MAX_CLUSTER_CORES } from '../../iss/cluster.ts';
import { CSR } from '../../iss/csr.ts';
import type { Hart } from '../../iss/hart.ts';
import type { HaltReason } from '../../iss/memory.ts';
import { runElf } from '../../iss/run.ts';
import { formatCommit } from '../../iss/trace.ts';
import { UserError } from '../../util/errors.ts';

interface RunOpts {
  trace?: boolean;
  config: string;
  maxInstr: string;
  cores?: string;
  quantum: string;
}

/**
 * `flexv run prog.elf`: runs a program on the golden model to its tohost write (riscv-tests convention) or
 * its end-of-computation write. Exit 0 when tohost = 1 or EOC = 0; 1 on a failing test (prints its number)
 * or another end; 2 on a trap loop, the instruction limit, a bus error or (cluster) a deadlock. With
 * `--cores N` the program runs SPMD on the golden cluster (event unit, DMA) and per-hart counts are printed.
 */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run an ELF program on the golden model (one hart, or a cluster with --cores) until it ends')
    .argument('<elf>', 'RV32 executable')
    .option('--trace', 'print a Spike-style commit log to stdout')
    .option('--config <config>', 'baseline | xpulpnn | flexv', 'flexv')
    .option('--max-instr <n>', 'stop after this many instructions (per hart with --cores)', '100000000')
    .option('--cores <n>', `run on a golden cluster of n harts (1..${MAX_CLUSTER_CORES})`)
    .option('--quantum <n>', 'with --cores: instructions a hart runs before the next one gets its turn', '1000')
    .action(async (elf: string, opts: RunOpts) => {
      if (!isConfig(opts.config)) throw new UserError(`unknown configuration '${opts.config}' (baseline, xpulpnn, flexv)`, '--config');
      const maxInstr = positiveInt(opts.maxInstr, '--max-instr');
      // `flexv run --trace | head` closes the pipe early: that is not an error.
      process.stdout.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw e;
      });
      const lines: string[] = [];
      const flush = () => {
        if (lines.length) process.stdout.write(lines.join('\n') + '\n');
        lines.length = 0;
      };
      const onRetire = opts.trace
        ? (r: Parameters<typeof formatCommit>[0]) => {
            lines.push(formatCommit(r));
            if (lines.length >= 4096) flush();
          }
        : undefined;
      if (opts.cores !== undefined) {
        const cores = positiveInt(opts.cores, '--cores');
        if (cores > MAX_CLUSTER_CORES) throw new UserError(`--cores must be 1..${MAX_CLUSTER_CORES}, got ${cores}`, '--cores');
        const quantum = positiveInt(opts.quantum, '--quantum');
        const cluster = new Cluster(opts.config, cores);
        cluster.load(await readElfFile(elf), elf);
        const r = cluster.run(maxInstr, quantum, onRetire);
        flush();
        for (const [i, n] of r.instructions.entries()) {
          console.error(`hart ${String(i).padStart(2)}: ${n} instructions${r.sleeping.includes(i) ? ' (asleep)' : ''}`);
        }
        const total = r.instructions.reduce((a, b) => a + b, 0);
        if (r.reason === 'deadlock') {
          console.error(`error: deadlock: every hart sleeps in the event unit and nothing can wake them (${total} instructions)`);
          for (const l of cluster.describeSleepers()) console.error(`  ${l}`);
          process.exitCode = 2;
          return;
        }
        // The hart that stopped the run is the one running when it halted.
        if (r.reason !== 'limit') console.error(`stopped by hart ${cluster.mem.core}`);
        report(r.reason, r.value, total, cluster.harts[cluster.mem.core]!, maxInstr, 'per hart');
        return;
      }
      const r = await runElf(elf, { config: opts.config, maxInstr, onRetire });
      flush();
      report(r.reason, r.value, r.instructions, r.hart, maxInstr, '');
    });
}

function positiveInt(text: string, option: string): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v <= 0) throw new UserError(`${option} must be a positive integer, got '${text}'`, option);
  return v;
}

/** Prints the end of a run on stderr and sets the exit status. */
function report(reason: HaltReason | 'limit', value: number, n: number, h: Hart, maxInstr: number, limitScope: string): void {
  const pc = `0x${(h.pc >>> 0).toString(16)}`;
  if (reason === 'tohost' || reason === 'eoc') {
    const v = value >>> 0;
    if (v === 1 || (reason === 'eoc' && v === 0)) {
      console.error(`PASS (${n} instructions)`);
      process.exitCode = 0;
    } else if (reason === 'tohost' && (v & 1) === 1) {
      console.error(`FAIL: test ${v >>> 1} (tohost = ${v}, ${n} instructions)`);
      process.exitCode = 1;
    } else {
      console.error(`FAIL: ${reason} = ${v} (${n} instructions)`);
      process.exitCode = 1;
    }
  } else if (reason === 'limit') {
    console.error(`error: instruction limit of ${maxInstr}${limitScope ? ' ' + limitScope : ''} reached at pc ${pc}`);
    process.exitCode = 2;
  } else if (reason === 'trap-loop') {
    console.error(`error: trap loop at pc 0x${(value >>> 0).toString(16)} (mcause ${h.csr.read(CSR.mcause, h.n)}) after ${n} instructions`);
    process.exitCode = 2;
  } else if (reason === 'bus-error') {
    const mtvec = h.csr.read(CSR.mtvec, h.n) & ~3;
    if (h.traps > 0 && (value & ~3) === mtvec && h.pc === value) {
      // The usual cause: a trap with no handler installed.
      const cause = h.csr.read(CSR.mcause, h.n), epc = h.csr.read(CSR.mepc, h.n) >>> 0;
      console.error(`error: trap (mcause ${cause}) at pc 0x${epc.toString(16)} jumped to mtvec 0x${(mtvec >>> 0).toString(16)}, outside the memory map (${n} instructions)`);
    } else {
      console.error(`error: access outside the memory map at 0x${(value >>> 0).toString(16)} (pc ${pc}, ${n} instructions)`);
    }
    process.exitCode = 2;
  } else {
    console.error(`program exited with ${value} (${n} instructions)`);
    process.exitCode = value === 0 ? 0 : 1;
  }
}
