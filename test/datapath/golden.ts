// Golden-model access for the datapath tests: the ISS's own CSR unit and Mac&Load instruction, so the tests
// hold no second copy of their semantics.
import { encode, instructionById } from '../../src/isa/index.ts';
import { CSR, CsrUnit } from '../../src/iss/csr.ts';
import { Hart } from '../../src/iss/hart.ts';
import { L2_BASE, TCDM_BASE } from '../../src/platform/memory-map.ts';
import { Memory } from '../../src/iss/memory.ts';
import { copyRetirement, type Retirement } from '../../src/iss/retire.ts';
import { SB_SIZE } from '../../src/iss/status.ts';

/** A CSR unit of the golden model with its own NN-RF and status-based state. */
export function goldenCsrs(): { csr: CsrUnit; nn: Int32Array } {
  const nn = new Int32Array(6);
  return { csr: new CsrUnit(0, new Int32Array(6), nn, new Int32Array(SB_SIZE)), nn };
}
export { CSR };

/** What the golden model's Mac&Load does with an imm5: the entries it reads and the one it loads. */
export interface MacLoadEffect { aIndex: number; wIndex: number; loadIndex: number | undefined }

/**
 * Executes `pv.mlsdotup.b x5, x6, imm` on a Hart whose NN-RF holds A0 = 1, A1 = 16, W0..W3 = 1..4
 * (lane 0 only), so the sum names the pair read; the record's NN-RF write names the entry loaded.
 */
export function macLoadEffect(imm: number): MacLoadEffect {
  const mem = new Memory({ l2: 1 << 16 });
  const hart = new Hart({ config: 'xpulpnn', mem });
  hart.pc = L2_BASE | 0;
  hart.nn.set([1, 16, 1, 2, 3, 4]);
  hart.x[6] = TCDM_BASE;
  mem.write(TCDM_BASE, 4, 0x5a5a5a5a);
  mem.write(L2_BASE, 4, encode(instructionById('pv.mlsdotup.b')!, { rd: 5, rs1: 6, uimm: imm }));
  let rec: Retirement | undefined;
  hart.run(1, (r) => (rec = copyRetirement(r)));
  if (!rec || rec.trap !== -1) throw new Error(`Mac&Load imm ${imm} did not retire`);
  const sum = rec.rdValue;
  const aIndex = sum >= 16 ? 1 : 0;
  return { aIndex, wIndex: 2 + sum / (aIndex ? 16 : 1) - 1, loadIndex: rec.nn.length ? rec.nn[0]!.index : undefined };
}
