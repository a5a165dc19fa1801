// The NN register file on Verilator against the golden model: its Mac&Load imm5 decode taken from the
// Hart executing each of the 32 imm5 values, CSR reads/writes through the ISS's CSR unit, random
// sequences of loads and CSR accesses, with and without the write-to-read bypass.
import { describe, expect, it } from 'vitest';
import { NNRF_CSR_BASE, nnrf } from '../../src/core/flexv/nnrf.ts';
import { csrByAddress } from '../../src/isa/csrs.ts';
import { Random } from '../../src/sim/index.ts';
import { goldenCsrs, macLoadEffect, type MacLoadEffect } from './golden.ts';
import { cleanliness, emitUnit, hex, runBatch, verilatorReady, yosysReady } from './helpers.ts';

const EFFECTS: MacLoadEffect[] = Array.from({ length: 32 }, (_, imm) => macLoadEffect(imm));
const isNnrfCsr = (addr: number) => csrByAddress(addr)?.name.startsWith('nnrf_') ?? false;

describe('golden Mac&Load decode', () => {
  it('reads every A/W pair and loads every entry across the 32 imm5 values', () => {
    expect(new Set(EFFECTS.map((e) => `${e.aIndex},${e.wIndex}`)).size).toBe(8);
    expect(new Set(EFFECTS.map((e) => e.loadIndex)).size).toBe(7); // 6 entries and "no load"
  });
});

for (const bypass of [true, false]) {
  describe(`flexv_nnrf bypass=${bypass}`, async () => {
    const { result, dir } = await emitUnit(nnrf, { bypass }, `nnrf_bypass_${bypass}`);

    it('elaborates without warnings', () => expect(result.warnings).toEqual([]));

    it.skipIf(!verilatorReady || !yosysReady)('is Verilator -Wall and Yosys clean', async () => {
      expect(await cleanliness(dir, result.top)).toEqual({ lint: [], yosys: [] });
    });

    it.skipIf(!verilatorReady)('matches the golden model over random loads, CSR reads and writes', async () => {
      const rng = new Random(bypass ? 77 : 78);
      const cycles = 6000;
      const col = <T,>(f: () => T) => Array.from({ length: cycles }, f);
      const imm = col(() => rng.below(32));
      const wrEn = col(() => (rng.chance(0.5) ? 1 : 0));
      // Forwarded without being written (a stalled stage) a fifth of the other cycles.
      const wrFwd = wrEn.map((e) => (e || rng.chance(0.2) ? 1 : 0));
      const wrIndex = col(() => rng.below(8));
      const wrData = col(() => rng.u32());
      // Addresses around the NN-RF window so the hit decode sees both edges.
      const csrAddr = col(() => (rng.chance(0.8) ? NNRF_CSR_BASE + rng.below(6) : NNRF_CSR_BASE - 8 + rng.below(24)));
      const csrWe = col(() => (rng.chance(0.3) ? 1 : 0));
      const csrWdata = col(() => rng.u32());
      const out = await runBatch(
        result,
        { imm_i: imm, wr_en_i: wrEn, wr_index_i: wrIndex, wr_data_i: wrData, csr_addr_i: csrAddr, csr_we_i: csrWe, csr_wdata_i: csrWdata, ...(bypass ? { wr_fwd_i: wrFwd } : {}) },
        ['a_o', 'w_o', 'load_o', 'load_index_o', 'csr_hit_o', 'csr_rdata_o'],
        bypass ? 77 : 78,
        true,
      );
      const { csr, nn } = goldenCsrs();
      const failures: string[] = [];
      let bothSameEntry = 0;
      for (let c = 0; c < cycles; c++) {
        const before = Int32Array.from(nn);
        // A load write (the Mac&Load's data), then a CSR write in the same cycle over it.
        const forwarded = Int32Array.from(nn);
        if (wrFwd[c] && wrIndex[c]! < 6) forwarded[wrIndex[c]!] = wrData[c]!;
        if (wrEn[c] && wrIndex[c]! < 6) nn[wrIndex[c]!] = wrData[c]!;
        const hit = isNnrfCsr(csrAddr[c]!);
        if (csrWe[c] && hit) {
          csr.write(csrAddr[c]!, csrWdata[c]!, 0);
          if (wrEn[c] && wrIndex[c] === csrAddr[c]! - NNRF_CSR_BASE) bothSameEntry++;
        }
        const view = bypass ? forwarded : before; // the bypass shows the forwarded word, never CSR writes
        const e = EFFECTS[imm[c]!]!;
        const want: Record<string, bigint> = {
          a_o: BigInt(view[e.aIndex]! >>> 0), w_o: BigInt(view[e.wIndex]! >>> 0),
          load_o: e.loadIndex === undefined ? 0n : 1n, load_index_o: BigInt(e.loadIndex ?? out.load_index_o![c]!),
          csr_hit_o: hit ? 1n : 0n, csr_rdata_o: hit ? BigInt(view[csrAddr[c]! - NNRF_CSR_BASE]! >>> 0) : 0n,
        };
        for (const [port, v] of Object.entries(want)) {
          if (out[port]![c] !== v && failures.length < 5) failures.push(`cycle ${c} ${port}: got ${hex(out[port]![c]!)}, want ${hex(v)}`);
        }
      }
      expect(failures).toEqual([]);
      expect(bothSameEntry).toBeGreaterThan(10);
    });
  });
}
