import { grouped, loadClause, markdownTable } from '../markdown.ts';
import type { TableDef } from '../table-def.ts';

/** What bench/iss.ts writes, as far as this table reads it. */
interface IssFigures {
  mips: number;
  mips_branchy: number;
  mips_traced: number;
  qemu_mips: number;
  ratio_to_qemu: number;
  instructions: number;
  traced_instructions: number;
  mixed_kernel_mips: number;
  mixed_kernel_mmac_per_s: number;
  mixed_kernel_instructions: number;
  random_programs_compared: number;
  node: string;
}

const millions = (n: number) => `${grouped(Math.round(n / 1e6))} M`;

function speed(raw: unknown, ref: { machine: { loadAverage?: number[] } }): string {
  const f = raw as IssFigures;
  const rows = [
    [`RV32IM xorshift + multiply-accumulate loop, ${millions(f.instructions)} instructions, untraced (\`mips\`)`, `${grouped(f.mips)} MIPS`],
    ['same with a data-dependent branch inside (side exits, chained blocks) (`mips_branchy`)', `${grouped(f.mips_branchy)} MIPS`],
    [`same loop, retirement record streamed to a callback that reads it, ${millions(f.traced_instructions)} instructions (\`mips_traced\`)`, `${f.mips_traced} MIPS`],
    ['same ELF on `qemu-riscv32` user mode, wall clock incl. start-up (`qemu_mips`)', `${grouped(f.qemu_mips)} MIPS (golden model / qemu = ${f.ratio_to_qemu})`],
    [`Flex-V 8-bit x 4-bit Mac&Load kernel, status-based MIXED_4x8, both address streams, hardware loops, ${millions(f.mixed_kernel_instructions)} instructions (\`mixed_kernel_mips\`)`, `${grouped(f.mixed_kernel_mips)} MIPS, ${grouped(f.mixed_kernel_mmac_per_s)} M MAC/s`],
    ['random RV32IMC programs compared with qemu, segment by segment (`random_programs_compared`)', `${grouped(f.random_programs_compared)}, all agree`],
  ];
  return `${markdownTable(['workload', 'figure'], rows, [false, true])}\n\nWall-clock figures, Node ${f.node}; ${loadClause(ref.machine.loadAverage)}.`;
}

export const issTables: TableDef[] = [{ id: 'iss-speed', benchmark: 'iss', command: 'npm run bench -- iss', render: speed }];
