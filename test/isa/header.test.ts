import { execa } from 'execa';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateHeader, HEADER_PATH, macroName } from '../../src/isa/gen-header.ts';
import { Rng, randomOperands } from '../../src/isa/random.ts';
import { ALL_INSTRUCTIONS, decodeWord } from '../../src/isa/table.ts';
import { requireTool } from '../../src/util/tools.ts';

const BUILD = join(process.cwd(), 'build', 'test-isa');

describe('sw/include/flexv.h', () => {
  it('is what src/isa/gen-header.ts generates from the table', () => {
    expect(readFileSync(HEADER_PATH, 'utf8')).toBe(generateHeader());
  });

  it('compiles with the stock GCC and emits exactly the table encodings', async () => {
    const gcc = await requireTool('gcc');
    const objdump = await requireTool('objdump');
    const header = readFileSync(HEADER_PATH, 'utf8');
    const rng = new Rng(0x4ead);
    const custom = ALL_INSTRUCTIONS.filter((d) => ['xpulpv2', 'xpulpnn', 'flexv'].includes(d.ext) && header.includes(`#define ${macroName(d)}(`));
    expect(custom.length).toBeGreaterThan(390); // revision 2: XpulpV2 + XpulpNN rows (no .m forms)
    const expected = new Map<string, { id: string; imms: Record<string, number> }>();
    const fns = custom.map((d, i) => {
      const values = randomOperands(d, rng);
      const imms: Record<string, number> = {};
      const args = d.operands
        .filter((o) => !(o.name === 'rd' && d.writesRd && !d.reads.includes('rd')))
        .map((o) => {
          if (o.kind === 'xreg') return o.name;
          imms[o.name] = values[o.name];
          return String(values[o.name]);
        });
      const fn = `f${i}`;
      expected.set(fn, { id: d.id, imms });
      const call = `${macroName(d)}(${args.join(', ')})`;
      const body = d.writesRd ? `return ${call};` : `${call}; return rs1;`;
      return `unsigned int ${fn}(unsigned int rd, unsigned int rs1, unsigned int rs2, unsigned int rs3) { (void)rd; (void)rs2; (void)rs3; ${body} }`;
    });
    mkdirSync(BUILD, { recursive: true });
    const src = join(BUILD, 'header-all.c');
    const obj = join(BUILD, 'header-all.o');
    writeFileSync(src, `#include "flexv.h"\n${fns.join('\n')}\n`);
    await execa(gcc, ['-march=rv32imc', '-mabi=ilp32', '-O2', '-Wall', '-Werror', '-I', join(process.cwd(), 'sw/include'), '-c', src, '-o', obj]);
    const listing = (await execa(objdump, ['-d', obj])).stdout;
    let fn = '';
    const seen = new Set<string>();
    for (const line of listing.split('\n')) {
      const head = line.match(/^[0-9a-f]+ <(f\d+)>:/);
      if (head) fn = head[1];
      const m = line.match(/^\s*[0-9a-f]+:\t([0-9a-f]{8})\s/);
      if (!m || !fn) continue;
      const d = decodeWord('flexv', parseInt(m[1], 16));
      if (!d || !['xpulpv2', 'xpulpnn', 'flexv'].includes(d.def.ext)) continue;
      const want = expected.get(fn)!;
      expect(d.def.id, fn).toBe(want.id);
      for (const [k, v] of Object.entries(want.imms)) expect(d.operands[k], `${want.id}.${k}`).toBe(v);
      seen.add(fn);
    }
    expect(seen.size).toBe(custom.length);
  });

  it('sets up nested hardware loops from an asm statement with the table encoding of lp.setup', async () => {
    const gcc = await requireTool('gcc');
    const objdump = await requireTool('objdump');
    mkdirSync(BUILD, { recursive: true });
    const src = join(BUILD, 'hwloop.c');
    const obj = join(BUILD, 'hwloop.o');
    writeFileSync(
      src,
      `#include "flexv.h"
unsigned f(unsigned n, unsigned acc, unsigned x) {
  register unsigned int c0 __asm__("t0") = n;
  register unsigned int c1 __asm__("t1") = n;
  __asm__ volatile (FLEXV_ASM_LP_SETUP(1, 6, outer) "add %0, %0, %1\\n"
                    FLEXV_ASM_LP_SETUP(0, 5, inner) "add %0, %0, %1\\n" FLEXV_ASM_LP_LAST(inner) "add %0, %0, %0\\n" FLEXV_ASM_LP_DONE
                    FLEXV_ASM_LP_LAST(outer) "add %0, %0, %1\\n" FLEXV_ASM_LP_DONE
                    : "+r" (acc) : "r" (x), "r" (c0), "r" (c1));
  return acc;
}
`,
    );
    await execa(gcc, ['-march=rv32imc', '-mabi=ilp32', '-O2', '-I', join(process.cwd(), 'sw/include'), '-c', src, '-o', obj]);
    const words = (await execa(objdump, ['-d', obj])).stdout
      .split('\n')
      .map((l) => l.match(/^\s*([0-9a-f]+):\t([0-9a-f]+)\s/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => ({ addr: parseInt(m[1], 16), word: parseInt(m[2], 16) }));
    const setups = words.map((w) => ({ ...w, d: decodeWord('flexv', w.word) })).filter((w) => w.d?.def.id === 'lp.setup');
    expect(setups.map((s) => [s.d!.operands.L, s.d!.operands.rs1])).toEqual([[1, 6], [0, 5]]);
    // Each loop ends on its last body instruction: outer on the final add, inner on the add before it.
    const adds = words.filter((w) => (w.word & 3) !== 3 && (w.word & 0xf003) === 0x9002);
    expect(setups[0].addr + setups[0].d!.operands.target).toBe(adds[adds.length - 1].addr);
    expect(setups[1].addr + setups[1].d!.operands.target).toBe(adds[adds.length - 2].addr);
  });
});
