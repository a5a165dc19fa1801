import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/assembler.ts';
import { toElf } from '../../src/asm/elf-out.ts';
import { readElf } from '../../src/elf/read.ts';
import { runImage } from '../../src/iss/run.ts';

/**
 * flexv's own assembler and ELF writer feeding the golden model: a Flex-V program (status-based mode, mixed 8x4-bit Mac&Load with
 * address streams, a hardware loop) that checks its own result and reports through tohost.
 */
describe('assembler -> ELF -> golden model', () => {
  it('mixed-precision Mac&Load in a hardware loop passes its self-check', async () => {
    const path = 'test/iss/programs/mixed-macload.S';
    const elf = toElf(assemble(await readFile(path, 'utf8'), { fileName: path }));
    const r = runImage(readElf(elf, path), path, { config: 'flexv', maxInstr: 10_000 });
    expect(r.reason).toBe('tohost');
    expect(r.value).toBe(1);
  });
});
