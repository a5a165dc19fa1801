import type { Command } from 'commander';
import { isConfig } from '../../isa/index.ts';
import { CSR } from '../../iss/csr.ts';
import { runElf } from '../../iss/run.ts';
import { formatCommit } from '../../iss/trace.ts';
import { UserError } from '../../util/errors.ts';

/**
 * `flexv run prog.elf`: runs a program on the golden model to its tohost write (riscv-tests convention).
 * Exit 0 when tohost = 1; 1 on a failing test (prints its number) or another end; 2 on a trap loop, the
 * instruction limit or a bus error.
 */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run an ELF program on the golden model until it writes tohost')
    .argument('<elf>', 'RV32 executable')
    .option('--trace', 'print a Spike-style commit log to stdout')
    .option('--config <config>', 'baseline | xpulpnn | flexv', 'flexv')
    .option('--max-instr <n>', 'stop after this many instructions', '100000000')
    .action(async (elf: string, opts: { trace?: boolean; config: string; maxInstr: string }) => {
      if (!isConfig(opts.config)) throw new UserError(`unknown configuration '${opts.config}' (baseline, xpulpnn, flexv)`, '--config');
      const maxInstr = Number(opts.maxInstr);
      if (!Number.isInteger(maxInstr) || maxInstr <= 0) throw new UserError(`--max-instr must be a positive integer, got '${opts.maxInstr}'`);
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
      const r = await runElf(elf, { config: opts.config, maxInstr, onRetire });
      flush();
      const n = r.instructions;
      const pc = `0x${(r.hart.pc >>> 0).toString(16)}`;
      if (r.reason === 'tohost' || r.reason === 'eoc') {
        const v = r.value >>> 0;
        if (v === 1 || (r.reason === 'eoc' && v === 0)) {
          console.error(`PASS (${n} instructions)`);
          process.exitCode = 0;
        } else if (r.reason === 'tohost' && (v & 1) === 1) {
          console.error(`FAIL: test ${v >>> 1} (tohost = ${v}, ${n} instructions)`);
          process.exitCode = 1;
        } else {
          console.error(`FAIL: ${r.reason} = ${v} (${n} instructions)`);
          process.exitCode = 1;
        }
      } else if (r.reason === 'limit') {
        console.error(`error: instruction limit of ${maxInstr} reached at pc ${pc}`);
        process.exitCode = 2;
      } else if (r.reason === 'trap-loop') {
        console.error(`error: trap loop at pc 0x${(r.value >>> 0).toString(16)} (mcause ${r.hart.csr.read(CSR.mcause, r.hart.n)}) after ${n} instructions`);
        process.exitCode = 2;
      } else if (r.reason === 'bus-error') {
        const h = r.hart;
        const mtvec = h.csr.read(CSR.mtvec, h.n) & ~3;
        if (h.traps > 0 && (r.value & ~3) === mtvec && h.pc === r.value) {
          // The usual cause: a trap with no handler installed.
          const cause = h.csr.read(CSR.mcause, h.n), epc = h.csr.read(CSR.mepc, h.n) >>> 0;
          console.error(`error: trap (mcause ${cause}) at pc 0x${epc.toString(16)} jumped to mtvec 0x${(mtvec >>> 0).toString(16)}, outside the memory map (${n} instructions)`);
        } else {
          console.error(`error: access outside the memory map at 0x${(r.value >>> 0).toString(16)} (pc ${pc}, ${n} instructions)`);
        }
        process.exitCode = 2;
      } else {
        console.error(`program exited with ${r.value} (${n} instructions)`);
        process.exitCode = r.value === 0 ? 0 : 1;
      }
    });
}
