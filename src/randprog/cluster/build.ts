import { assemble, toElf, type AsmOutput } from '../../asm/index.ts';
import { readElf } from '../../elf/read.ts';
import { Cluster } from '../../iss/cluster.ts';
import { L2_BASE } from '../../platform/memory-map.ts';
import { generateClusterProgram, type ClusterFacts, type ClusterGenOptions } from './generate.ts';

export interface BuiltClusterProgram {
  source: string;
  asm: AsmOutput;
  elf: Uint8Array;
  facts: ClusterFacts;
  /** Each hart's checksum, as the golden cluster computed it (embedded in the program). */
  expected: number[];
  /** Instructions the golden cluster retired per hart (quantum 1000). */
  instructions: number[];
}

/** Round-robin quanta the program is run with on the golden cluster: every interleaving must agree. */
export const CALIBRATION_QUANTA = [1000, 1] as const;

function assembleProgram(source: string, o: ClusterGenOptions): { asm: AsmOutput; elf: Uint8Array } {
  const asm = assemble(source, { config: o.config, rvc: true, textBase: L2_BASE, fileName: `randprog-cluster-${o.seed}.S` });
  return { asm, elf: toElf(asm) };
}

function patchExpected(asm: AsmOutput, expected: number[]): { asm: AsmOutput; elf: Uint8Array } {
  const sym = asm.symbols.find((s) => s.name === 'expected');
  const sec = sym && asm.sections.find((s) => s.name === sym.section);
  if (!sym || !sec) throw new Error('randprog: the cluster program has no expected table');
  const bytes = new Uint8Array(sec.bytes);
  const view = new DataView(bytes.buffer);
  expected.forEach((v, h) => view.setUint32(sym.value - sec.addr + 4 * h, v, true));
  const patched: AsmOutput = { ...asm, sections: asm.sections.map((s) => (s === sec ? { ...s, bytes } : s)) };
  return { asm: patched, elf: toElf(patched) };
}

function goldenRun(o: ClusterGenOptions, elf: Uint8Array, quantum: number, maxInstr: number) {
  const c = new Cluster(o.config, o.cores);
  c.load(readElf(elf), `randprog-cluster-${o.seed}.elf`);
  const r = c.run(maxInstr, quantum);
  return { cluster: c, run: r };
}

/**
 * Generates a random multi-core program and makes it self-checking: the calibration build (expected
 * checksums 0) runs on the golden cluster, each hart's checksum is read from the results table, and the
 * program is rebuilt with them. The final ELF must then end with EOC 0 on the golden cluster under several
 * round-robin quanta (different interleavings of the harts): a checksum that depended on the interleaving
 * would fail here, naming the seed.
 */
export function buildClusterProgram(o: ClusterGenOptions, maxInstr = 10_000_000): BuiltClusterProgram {
  const first = generateClusterProgram(o);
  const cal = assembleProgram(first.source, o);
  const results = cal.asm.symbols.find((s) => s.name === 'results');
  if (!results) throw new Error('randprog: the cluster program has no results table');
  const { cluster, run } = goldenRun(o, cal.elf, CALIBRATION_QUANTA[0], maxInstr);
  // The calibration build fails its own check (expected 0) after every hart has stored its checksum.
  if (run.reason !== 'eoc') throw new Error(`randprog --cores ${o.cores} --seed ${o.seed}: the calibration run ended with ${run.reason} = ${run.value}`);
  const expected = Array.from({ length: o.cores }, (_, h) => cluster.mem.read((results.value + 4 * h) | 0, 4) >>> 0);
  // The rebuilt source differs only in the expected table's words: patch them into the assembled image
  // (test/randprog/cluster-randprog.test.ts checks that assembling the source gives the same bytes).
  const prog = generateClusterProgram({ ...o, expected });
  const built = patchExpected(cal.asm, expected);
  let instructions: number[] = [];
  for (const q of CALIBRATION_QUANTA) {
    const { run: r } = goldenRun(o, built.elf, q, maxInstr);
    if (r.reason !== 'eoc' || r.value !== 0) {
      throw new Error(`randprog --cores ${o.cores} --seed ${o.seed}: with quantum ${q} the golden cluster ended with ${r.reason} = 0x${(r.value >>> 0).toString(16)} (the program depends on the interleaving)`);
    }
    if (q === CALIBRATION_QUANTA[0]) instructions = r.instructions;
  }
  return { source: prog.source, asm: built.asm, elf: built.elf, facts: prog.facts, expected, instructions };
}
