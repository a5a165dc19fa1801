import { Bool, index, lit, module, mux, UInt, Vec, type Expr } from '../../hdl/index.ts';
import { csrByName } from '../../isa/csrs.ts';

/** NN-RF entries: A0, A1 (activations), then W0..W3 (weights); CSR i is entry i (spec §4). */
export const NNRF_ENTRIES = 6;
export const NNRF_CSR_BASE = csrByName('nnrf_a0')!.address;
export const NNRF_INDEX_BITS = 3;

/** Fields of a Mac&Load's imm5 (spec §4): [0] A select, [2:1] W select, [3] load A, [4] load W. */
export function decodeMacLoadImm(imm: Expr): { aIndex: Expr; wIndex: Expr; load: Expr; loadIndex: Expr } {
  const aIndex = imm.bits(0, 0).zext(NNRF_INDEX_BITS);
  const wIndex = imm.bits(2, 1).zext(NNRF_INDEX_BITS).add(2);
  // Load A has priority when both load bits are set.
  return { aIndex, wIndex, load: imm.bit(3).or(imm.bit(4)), loadIndex: mux(imm.bit(3), aIndex, wIndex) };
}

/**
 * The 6-entry NN register file of Mac&Load, 32-bit entries reset to 0.
 *  - Read (combinational, EX): `imm` is the Mac&Load's imm5; `a`/`w` are the selected A and W entries the
 *    dot product uses, `load`/`load_index` the entry its load will fill (to carry to the stage where the
 *    load data returns).
 *  - Write port (`wr_en`, `wr_index`, `wr_data`): the load data; indices 6 and 7 write nothing.
 *    `wr_fwd` (with `bypass` only): the word on the port is forwarded to the reads this cycle, whether or
 *    not `wr_en` writes it now. In the core a landing load forwards every cycle it sits in WB, so the
 *    forwarding select comes from flip-flops and not from the late "WB retires" (the write enable).
 *  - CSR port: `csr_addr` hits 0x7D8..0x7DD (`csr_hit`), `csr_rdata` is that entry, `csr_we` writes it.
 *    A CSR write and a load write of the same entry in one cycle: the CSR write wins.
 *  - `bypass`: when set, every read shows the write port's data forwarded by `wr_fwd`, so a
 *    Mac&Load right behind the load that fills its operand needs no stall; when clear, reads show the
 *    registers and the core must stall one cycle in that case. A CSR write is never shown early: a CSR
 *    read-modify-write feeds `csr_rdata` back into `csr_wdata`, so a bypass there would be a loop.
 */
export const nnrf = module(
  'flexv_nnrf',
  (m, p: { bypass: boolean }) => {
    const imm = m.input('imm', UInt(5));
    const a = m.output('a', UInt(32));
    const w = m.output('w', UInt(32));
    const load = m.output('load', Bool());
    const loadIndex = m.output('load_index', UInt(NNRF_INDEX_BITS));
    const wrEn = m.input('wr_en', Bool());
    const wrIndex = m.input('wr_index', UInt(NNRF_INDEX_BITS));
    const wrData = m.input('wr_data', UInt(32));
    const csrAddr = m.input('csr_addr', UInt(12));
    const csrWe = m.input('csr_we', Bool());
    const csrWdata = m.input('csr_wdata', UInt(32));
    const csrHit = m.output('csr_hit', Bool());
    const csrRdata = m.output('csr_rdata', UInt(32));
    const wrFwd = p.bypass ? m.input('wr_fwd', Bool()) : undefined;

    const entries = m.reg('entry', Vec(NNRF_ENTRIES, UInt(32)));
    const offset = csrAddr.sub(NNRF_CSR_BASE);
    const hit = m.named('hit', csrAddr.ge(NNRF_CSR_BASE).and(csrAddr.lt(NNRF_CSR_BASE + NNRF_ENTRIES)));
    const csrIndex = offset.bits(NNRF_INDEX_BITS - 1, 0);

    // The value each entry takes at the next edge: load data, then a CSR write over it.
    const next = entries.map((e, i) => {
      const byLoad = wrEn.and(wrIndex.eq(i));
      const byCsr = csrWe.and(hit).and(csrIndex.eq(i));
      return { written: byLoad.or(byCsr), value: mux(byCsr, csrWdata, mux(byLoad, wrData, e)) };
    });
    entries.forEach((e, i) => m.when(next[i]!.written, () => e.setNext(next[i]!.value)));
    const view: Expr[] = wrFwd ? entries.map((e, i) => m.named(`entry${i}_fwd`, mux(wrFwd.and(wrIndex.eq(i)), wrData, e))) : entries;

    const d = decodeMacLoadImm(imm);
    a.set(index(view.slice(0, 2), d.aIndex.bits(0, 0)));
    w.set(index(view.slice(2), imm.bits(2, 1)));
    load.set(d.load);
    loadIndex.set(d.loadIndex);
    csrHit.set(hit);
    csrRdata.set(mux(hit, index(view, csrIndex), lit(0, 32)));
    return { imm, a, w, load, loadIndex, wrEn, wrIndex, wrData, csrAddr, csrWe, csrWdata, csrHit, csrRdata, ...(wrFwd ? { wrFwd } : {}) };
  },
  { defaults: { bypass: true } },
);
export default nnrf;
