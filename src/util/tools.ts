import { execa } from 'execa';
import { UserError } from './errors.ts';

/**
 * System tools flexv runs, with the Debian package that provides each. `scripts/ensure-tools.sh` installs
 * the same list; this table is what TypeScript code checks before it calls a tool.
 */
export const SYSTEM_TOOLS = {
  verilator: { bin: 'verilator', pkg: 'verilator' },
  // Verilator compiles its C++ model with make and g++; Debian's verilator package does not pull them in.
  make: { bin: 'make', pkg: 'make' },
  gxx: { bin: 'g++', pkg: 'g++' },
  yosys: { bin: 'yosys', pkg: 'yosys' },
  gcc: { bin: 'riscv64-unknown-elf-gcc', pkg: 'gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf' },
  objdump: { bin: 'riscv64-unknown-elf-objdump', pkg: 'binutils-riscv64-unknown-elf' },
  qemu: { bin: 'qemu-riscv32', pkg: 'qemu-user' },
} as const;

export type ToolName = keyof typeof SYSTEM_TOOLS;

const found = new Map<ToolName, string>();

/** Resolves a tool's path or throws a UserError naming the command that installs it. */
export async function requireTool(name: ToolName): Promise<string> {
  const cached = found.get(name);
  if (cached) return cached;
  const { bin, pkg } = SYSTEM_TOOLS[name];
  const r = await execa('sh', ['-c', `command -v ${bin}`], { reject: false });
  if (r.exitCode !== 0 || !r.stdout) {
    throw new UserError(
      `${bin} is not installed. Install it with: sudo apt-get install -y ${pkg}  (or run: npm run tools)`,
    );
  }
  found.set(name, r.stdout.trim());
  return r.stdout.trim();
}

/** True when the tool is on PATH (for tests that skip cleanly where a tool cannot exist). */
export async function hasTool(name: ToolName): Promise<boolean> {
  try {
    await requireTool(name);
    return true;
  } catch {
    return false;
  }
}
