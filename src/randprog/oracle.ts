import { execa } from 'execa';
import type { Config } from '../isa/index.ts';
import { runElf } from '../iss/run.ts';
import { requireTool } from '../util/tools.ts';
import { DUMP_BYTES } from './rv32imc.ts';

export interface OracleRun {
  stdout: Uint8Array;
  exitCode: number;
}

/** Runs a Linux-ABI program on the golden model (ecall serves write/exit). */
export async function runOnIss(elf: string, config: Config = 'baseline', maxInstr = 50_000_000): Promise<OracleRun> {
  const r = await runElf(elf, { config, maxInstr, linuxSyscalls: true });
  if (r.reason !== 'exit') {
    throw new Error(`${elf}: golden model stopped by ${r.reason} (0x${(r.value >>> 0).toString(16)}) at pc 0x${(r.hart.pc >>> 0).toString(16)}`);
  }
  return { stdout: r.hart.syscalls!.bytes(1), exitCode: r.value };
}

/** Runs the same program on qemu-riscv32 (Linux user mode). */
export async function runOnQemu(elf: string): Promise<OracleRun> {
  const qemu = await requireTool('qemu');
  const r = await execa(qemu, [elf], { encoding: 'buffer', stripFinalNewline: false, reject: false, timeout: 60_000 });
  return { stdout: new Uint8Array(r.stdout as Uint8Array), exitCode: r.exitCode ?? -1 };
}

/** The first difference between two register/checksum dump streams, or undefined when they match. */
export function compareDumps(iss: Uint8Array, ref: Uint8Array): string | undefined {
  const words = (b: Uint8Array) => Array.from({ length: b.length >> 2 }, (_, i) => (b[4 * i] | (b[4 * i + 1] << 8) | (b[4 * i + 2] << 16) | (b[4 * i + 3] << 24)) >>> 0);
  const a = words(iss), b = words(ref);
  if (a.length !== b.length) return `dump length differs: golden model ${iss.length} bytes, qemu ${ref.length} bytes`;
  const per = DUMP_BYTES / 4;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const seg = Math.floor(i / per), k = i % per;
    const what = k === per - 1 ? 'data checksum' : `x${k + 1}`;
    return `segment ${seg}: ${what} golden model 0x${a[i].toString(16)}, qemu 0x${b[i].toString(16)}`;
  }
  return undefined;
}
