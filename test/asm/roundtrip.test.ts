import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/assembler.ts';
import { disassemble, instructionText } from '../../src/asm/disasm.ts';
import { decodeWord, encode, expandCompressed, instructionsFor } from '../../src/isa/table.ts';
import { Rng, randomOperands } from '../../src/isa/random.ts';

const BASE = 0x80000000;

/** Assembles one line at BASE and returns the first instruction's word. */
function assembleOne(line: string, rvc: boolean): number {
  const out = assemble(`.option ${rvc ? 'rvc' : 'norvc'}\n${line}\n`, { fileName: 'rt.S' });
  const b = out.sections.find((s) => s.name === '.text')!.bytes;
  return (b[0] | (b[1] << 8) | ((b[2] ?? 0) << 16) | ((b[3] ?? 0) << 24)) >>> 0;
}

/** The 32-bit meaning of a word: compressed instructions compared through their expansion. */
function meaning(word: number): string {
  const d = decodeWord('flexv', (word & 3) === 3 ? word : word & 0xffff)!;
  const e = d.def.size === 2 ? expandCompressed(d) : d;
  return `${e.def.id} ${JSON.stringify(e.operands)}`;
}

describe('assembler / disassembler round trip', () => {
  it('asm(disasm(w)) has the meaning of w for every instruction of flexv and random operands', () => {
    const rng = new Rng(0xabc);
    let n = 0;
    for (const d of instructionsFor('flexv')) {
      for (let i = 0; i < 12; i++) {
        const w = encode(d, randomOperands(d, rng));
        const text = instructionText(disassemble(w, BASE, { config: 'flexv', assemblable: true }));
        const back = assembleOne(text.replace('\t', ' '), d.size === 2);
        expect(meaning(back), `${d.id}: ${text}`).toBe(meaning(w));
        n++;
      }
    }
    expect(n).toBeGreaterThan(5000);
  });

  it('disasm(asm(text)) == text for the spec syntax of the custom instructions', () => {
    const lines = [
      'p.lw\ta0,4(a1!)', 'p.lw\ta0,a2(a1)', 'p.lbu\ts0,a3(s1!)', 'p.sw\ta0,-8(sp!)', 'p.sh\ta0,a2(a1)', 'p.sb\tt0,t1(t2!)',
      'p.mac\ta0,a1,a2', 'p.muls\ta0,a1,a2', 'p.mulsN\ta0,a1,a2,5', 'p.addNi\ta0,a1,a2,3', 'p.clipi\ta0,a1,7',
      'p.extracti\ta0,a1,7,3', 'p.inserti\ta0,a1,3,4', 'p.bclr\ta0,a1,a2', 'p.beqimm\ta0,-3,0x80000010',
      'pv.add.h\ta0,a1,a2', 'pv.add.sci.b\ta0,a1,-7', 'pv.avgu.sci.h\ta0,a1,33', 'pv.sdotsp.b\ta0,a1,a2',
      'pv.sdotup.n.sc\tt0,t1,t2', 'pv.dotsp.c\ta0,a1,a2', 'pv.mlsdotsp.n\ta0,a1,27', 'pv.mlsdotsup.c\tzero,a1,24',
      'pv.qnt.n\ta0,a1,(a2)', 'pv.shufflei1.b.sci\ta0,a1,5',
      'lp.setup\t0,a0,0x80000020', 'lp.setupi\t1,100,0x80000010', 'lp.counti\t0,17', 'lp.starti\t1,0x80000008',
      'p.elw\ta0,16(a1)', 'csrr\ta0,ivec_fmt', 'csrw\tlpcount0,a1', 'csrr\tt0,nnrf_w3', 'csrw\tsb_legacy,0',
      'csrw\tmacl_a_address,a1', 'csrr\ta0,macl_w_address', 'csrw\tivec_skip_size,8', 'csrs\tivec_mixed_cycle,t0',
    ];
    for (const line of lines) {
      const w = assembleOne(line.replace('\t', ' '), false);
      expect(instructionText(disassemble(w, BASE, { config: 'flexv', assemblable: true })), line).toBe(line);
    }
  });

  it('accepts the PULP toolchain spelling x0/x1 for the hardware-loop number', () => {
    expect(assembleOne('lp.setup x1, a0, 0x80000010', false)).toBe(assembleOne('lp.setup 1, a0, 0x80000010', false));
    expect(assembleOne('lp.counti x0, 12', false)).toBe(assembleOne('lp.counti 0, 12', false));
  });

  it('disasm(asm(text)) == text for RV32IMC in objdump spelling, compressed where GNU as compresses', () => {
    const lines = [
      'add\ta0,a0,1', 'li\ta0,5', 'mv\ta0,a1', 'ret', 'lw\ta0,12(sp)', 'sw\ta5,4(a0)', 'sll\ta0,a0,0x3',
      'lui\ta0,0xfffff', 'beqz\ta0,0x80000010', 'j\t0x80000000', 'jal\t0x80000100', 'jr\ta5', 'jalr\ta0',
      'csrr\ta0,mstatus', 'csrw\tmtvec,t0', 'rdcycle\tt0', 'fence', 'fence\trw,w', 'fence.i', 'ecall',
      'ebreak', 'nop', 'neg\ta0,a1', 'zext.b\ta0,a1', 'sgtz\ta0,a1', 'blez\ta0,0x7ffffff0', 'and\ta0,a0,-3',
      'add\tsp,sp,-64', 'add\ta0,sp,16', 'mulhsu\ta0,a1,a2', 'remu\tt0,t1,t2', 'auipc\tgp,0x2',
    ];
    for (const line of lines) {
      const w = assembleOne(line.replace('\t', ' '), true);
      const word = (w & 3) === 3 ? w : w & 0xffff;
      expect(instructionText(disassemble(word, BASE, { config: 'baseline', assemblable: true })), line).toBe(line);
    }
  });

  it('status-based CSRs: names in flexv, objdump\'s names or numbers elsewhere; assembled by name or number', () => {
    const cases: Array<[string, string, string]> = [
      // source, flexv listing, baseline/xpulpnn listing (objdump 2.40)
      ['csrw macl_a_address, a1', 'csrw\tmacl_a_address,a1', 'csrw\tsstatus,a1'],
      ['csrw 0x100, a1', 'csrw\tmacl_a_address,a1', 'csrw\tsstatus,a1'],
      ['csrwi sb_legacy, 0', 'csrw\tsb_legacy,0', 'csrw\t0x10,0'],
      ['csrwi 0x00D, 8', 'csrw\tivec_fmt,8', 'csrw\t0xd,8'],
      ['csrr a0, macl_w_skip', 'csrr\ta0,macl_w_skip', 'csrr\ta0,0x107'],
      ['csrr a0, sstatus', 'csrr\ta0,macl_a_address', 'csrr\ta0,sstatus'],
      ['csrr t0, nnrf_a1', 'csrr\tt0,nnrf_a1', 'csrr\tt0,0x7d9'],
    ];
    for (const [src, flexv, other] of cases) {
      const w = assembleOne(src, false);
      expect(instructionText(disassemble(w, BASE, { config: 'flexv', assemblable: true })), src).toBe(flexv);
      expect(instructionText(disassemble(w, BASE, { config: 'baseline', assemblable: true })), src).toBe(other);
    }
    // xpulpnn has the NN-RF but not the status-based CSRs.
    expect(instructionText(disassemble(assembleOne('csrr t0, nnrf_a1', false), BASE, { config: 'xpulpnn', assemblable: true }))).toBe('csrr\tt0,nnrf_a1');
    expect(instructionText(disassemble(assembleOne('csrr t0, ivec_fmt', false), BASE, { config: 'xpulpnn', assemblable: true }))).toBe('csrr\tt0,0xd');
  });
});
