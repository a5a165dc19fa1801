// The mixed-precision controller on Verilator against the golden model: CSR writes through the ISS's CSR
// unit (reserved formats keep the old value), the step of every mixed instruction through its mpcStep,
// over random sequences covering every format pair, skip 0/1/small/large, idx >= R and cnt above skip.
import { describe, expect, it } from 'vitest';
import { laneFormatOfMpc, laneWidth } from '../../src/core/flexv/formats.ts';
import { MPC_LAYOUT, mpcUnit } from '../../src/core/flexv/mpc.ts';
import { getField } from '../../src/isa/csrs.ts';
import { mpcStep } from '../../src/iss/mixed.ts';
import { Random } from '../../src/sim/index.ts';
import { CSR, goldenCsrs } from './golden.ts';
import { cleanliness, emitUnit, hex, runBatch, verilatorReady, yosysReady } from './helpers.ts';

/** A write value biased towards the interesting cases: small skip, reserved formats, idx/cnt anywhere. */
function mpcWrite(rng: Random): number {
  const skip = rng.chance(0.7) ? rng.below(5) : rng.below(256);
  const cnt = rng.chance(0.7) ? 0 : rng.below(256);
  return (rng.below(4) | (rng.below(4) << 2) | (skip << 4) | (rng.below(4) << 12) | (cnt << 16) | (rng.chance(0.3) ? rng.u32() & 0xff00c000 : 0)) >>> 0;
}

describe('flexv_mpc', async () => {
  const { result, dir } = await emitUnit(mpcUnit, {}, 'mpc');

  it('elaborates without warnings', () => expect(result.warnings).toEqual([]));

  it.skipIf(!verilatorReady || !yosysReady)('is Verilator -Wall and Yosys clean', async () => {
    expect(await cleanliness(dir, result.top)).toEqual({ lint: [], yosys: [] });
  });

  it.skipIf(!verilatorReady)('matches the golden model over random writes and mixed-instruction steps', async () => {
    const rng = new Random(90);
    const cycles = 20000;
    const csrWe: number[] = [], csrWdata: number[] = [], step: number[] = [];
    for (let c = 0; c < cycles; c++) {
      const we = rng.chance(0.06) ? 1 : 0;
      csrWe.push(we);
      csrWdata.push(mpcWrite(rng));
      step.push(rng.chance(we ? 0.5 : 0.85) ? 1 : 0);
    }
    const out = await runBatch(result, { csr_we_i: csrWe, csr_wdata_i: csrWdata, step_i: step }, ['mpc_o', 'fmt_a_o', 'fmt_b_o', 'idx_o'], 90, true);
    const { csr, mpc } = goldenCsrs();
    const failures: string[] = [];
    const advancedWith = new Set<string>();
    for (let c = 0; c < cycles; c++) {
      const v = mpc.value >>> 0;
      const afmt = getField(v, MPC_LAYOUT.afmt), wfmt = getField(v, MPC_LAYOUT.wfmt);
      const fa = laneFormatOfMpc(afmt), fb = laneFormatOfMpc(wfmt);
      const ratio = Math.max(laneWidth(fa), laneWidth(fb)) / Math.min(laneWidth(fa), laneWidth(fb));
      const want: Record<string, bigint> = { mpc_o: BigInt(v), fmt_a_o: BigInt(fa), fmt_b_o: BigInt(fb), idx_o: BigInt(getField(v, MPC_LAYOUT.idx) % ratio) };
      for (const [port, x] of Object.entries(want)) {
        if (out[port]![c] !== x && failures.length < 5) failures.push(`cycle ${c} ${port}: got ${hex(out[port]![c]!)}, want ${hex(x)} (mpc ${hex(v)})`);
      }
      if (csrWe[c]) csr.write(CSR.mpc, csrWdata[c]!, 0);
      else if (step[c]) {
        mpc.value = mpcStep(mpc.value);
        if (getField(mpc.value >>> 0, MPC_LAYOUT.cnt) === 0) advancedWith.add(`${afmt}${wfmt}`);
      }
    }
    expect(failures).toEqual([]);
    // Every format pair (including the uniform ones) saw its sub-group index advance.
    expect(advancedWith.size).toBe(9);
  });
});
