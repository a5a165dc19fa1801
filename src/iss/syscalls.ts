import type { Memory } from './memory.ts';

/** Linux RISC-V system call numbers the random-program oracle uses (same as qemu-riscv32 user mode). */
export const SYS_WRITE = 64;
export const SYS_EXIT = 93;
export const SYS_EXIT_GROUP = 94;

/**
 * The tiny Linux user-mode ABI subset random programs end with: `write` (captured, not printed) and `exit`.
 * Any other call returns -ENOSYS (-38) in a0, as Linux does.
 */
export class LinuxSyscalls {
  /** Bytes written to each file descriptor. */
  readonly output = new Map<number, number[]>();

  call(x: Int32Array, mem: Memory): void {
    const nr = x[17];
    if (nr === SYS_WRITE) {
      const fd = x[10], buf = x[11], len = x[12];
      const out = this.output.get(fd) ?? [];
      for (let i = 0; i < len; i++) out.push(mem.read((buf + i) | 0, 1));
      this.output.set(fd, out);
      x[10] = len;
    } else if (nr === SYS_EXIT || nr === SYS_EXIT_GROUP) {
      mem.halt('exit', x[10]);
    } else {
      x[10] = -38;
    }
  }

  bytes(fd: number): Uint8Array {
    return Uint8Array.from(this.output.get(fd) ?? []);
  }
}
