// The units wired as the core will wire them (test/datapath/designs/macload-stage.ts: NN-RF and dot
// product in EX, the load written back one cycle later through the bypass) run a random stream of
// back-to-back Mac&Load (every lane format, every signedness of MACLOAD_SIGNS, every imm5, rd = x0
// included) and CSR writes of the NN-RF, one instruction per cycle, against the golden model executing
// the same program instruction by instruction (legacy decoding; the status-based mode is the core's).
import { describe, expect, it } from 'vitest';
import { laneFormatOf } from '../../src/core/flexv/formats.ts';
import { NNRF_CSR_BASE } from '../../src/core/flexv/nnrf.ts';
import { encode, instructionById, instructionsFor, MACLOAD_SIGNS } from '../../src/isa/index.ts';
import { Hart } from '../../src/iss/hart.ts';
import { L2_BASE, TCDM_BASE } from '../../src/platform/memory-map.ts';
import { Memory } from '../../src/iss/memory.ts';
import { Random } from '../../src/sim/index.ts';
import { macLoadStage } from './designs/macload-stage.ts';
import { emitUnit, hex, runBatch, verilatorReady } from './helpers.ts';

const MAC_LOADS = instructionsFor('xpulpnn').filter((d) => d.macLoad);
const N = 1500;

interface Step { id: string; ops: Record<string, number>; csrValue?: number }

function program(rng: Random): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < N; i++) {
    const r = rng.below(100);
    if (r < 10) {
      steps.push({ id: 'csrrw', ops: { rd: 0, csr: NNRF_CSR_BASE + rng.below(6), rs1: 11 }, csrValue: rng.u32() | 0 });
    } else {
      steps.push({ id: MAC_LOADS[rng.below(MAC_LOADS.length)]!.id, ops: { rd: [0, 5, 6, 7][rng.below(4)]!, rs1: 10, uimm: rng.below(32) } });
    }
  }
  return steps;
}

describe('Mac&Load stage (NN-RF + dot product)', async () => {
  const { result } = await emitUnit(macLoadStage, {}, 'macload_stage');

  it('elaborates without warnings', () => expect(result.warnings).toEqual([]));

  it.skipIf(!verilatorReady)('runs back-to-back Mac&Load and CSR writes like the golden model', async () => {
    const rng = new Random(2026);
    const steps = program(rng);
    const mem = new Memory({ l2: 1 << 16 });
    const hart = new Hart({ config: 'xpulpnn', mem });
    for (let i = 0; i < N; i++) mem.write(L2_BASE + 4 * i, 4, encode(instructionById(steps[i]!.id)!, steps[i]!.ops));
    for (let i = 0; i < N; i++) mem.write(TCDM_BASE + 4 * i, 4, rng.u32() | 0);
    hart.pc = L2_BASE | 0;
    hart.x[10] = TCDM_BASE;

    const cols: Record<string, number[]> = Object.fromEntries(
      ['mac_load_i', 'fmt_i', 'sign_a_i', 'sign_b_i', 'imm_i', 'acc_i', 'csr_we_i', 'csr_addr_i', 'csr_wdata_i', 'wb_rdata_i'].map((n) => [n, []]),
    );
    const expected: Array<{ result?: number; nn: number; what: string }> = [];
    let lastLoad = 0;
    for (let i = 0; i <= N; i++) {
      const s = steps[i];
      const row: Record<string, number> = { mac_load_i: 0, fmt_i: 0, sign_a_i: 0, sign_b_i: 0, imm_i: 0, acc_i: 0, csr_we_i: 0, csr_addr_i: NNRF_CSR_BASE + (i % 6), csr_wdata_i: 0, wb_rdata_i: lastLoad };
      let observedNn = () => hart.nn[row.csr_addr_i! - NNRF_CSR_BASE]! >>> 0;
      let want: number | undefined;
      if (s) {
        if (rng.chance(0.1)) hart.x[5 + rng.below(3)] = rng.u32() | 0;
        const mac = instructionById(s.id)!.macLoad;
        if (mac) {
          const sign = MACLOAD_SIGNS[mac.sign];
          Object.assign(row, { mac_load_i: 1, fmt_i: laneFormatOf(mac.width), sign_a_i: sign.act ? 1 : 0, sign_b_i: sign.wt ? 1 : 0, imm_i: s.ops.uimm!, acc_i: hart.x[s.ops.rd!]! >>> 0 });
          lastLoad = mem.read(hart.x[10]!, 4) >>> 0;
        } else {
          hart.x[11] = s.csrValue!;
          Object.assign(row, { csr_we_i: 1, csr_addr_i: s.ops.csr!, csr_wdata_i: s.csrValue! >>> 0 });
        }
        const nnBefore = Int32Array.from(hart.nn);
        hart.run(1);
        // The view in the instruction's cycle is the NN-RF before it (the previous load forwarded): a
        // Mac&Load's own load and a CSR write land at the clock edge (CSR writes are not bypassed).
        observedNn = () => nnBefore[row.csr_addr_i! - NNRF_CSR_BASE]! >>> 0;
        if (mac && s.ops.rd !== 0) want = hart.x[s.ops.rd!]! >>> 0;
      }
      const hit = row.csr_addr_i! >= NNRF_CSR_BASE && row.csr_addr_i! < NNRF_CSR_BASE + 6;
      expected.push({ result: want, nn: hit ? observedNn() : 0, what: s ? `${s.id} ${JSON.stringify(s.ops)}` : 'drain' });
      for (const [k, v] of Object.entries(row)) cols[k]!.push(v >>> 0);
    }
    expect(hart.x[10]).toBeGreaterThan(TCDM_BASE + 4 * 500); // most Mac&Loads loaded

    const out = await runBatch(result, cols, ['result_o', 'nn_o'], 2026, true);
    const failures: string[] = [];
    expected.forEach((e, c) => {
      const check = (port: string, want: number | undefined) => {
        if (want !== undefined && out[port]![c] !== BigInt(want) && failures.length < 6) failures.push(`cycle ${c} (${e.what}) ${port}: got ${hex(out[port]![c]!)}, want ${hex(want)}`);
      };
      check('result_o', e.result);
      check('nn_o', e.nn);
    });
    expect(failures).toEqual([]);
  });
});
