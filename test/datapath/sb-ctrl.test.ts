// The status-based controller (flexv_sb_ctrl) on Verilator against the golden model's own rules: software
// writes through the ISS's writeStatus (reserved formats keep the old value, writes of 0x00D-0x00F reset
// the hidden counter), steps through controllerStep, and the format decode through VEC_FORMATS; random
// sequences over every format, skip 0/1/small/large and cycle values >= R. With extensionFormats = false a
// write of 11..13 behaves as reserved (as the CSR file legalizes it before the unit sees it).
import { describe, expect, it } from 'vitest';
import { laneFormatOf } from '../../src/core/flexv/formats.ts';
import { sbCtrl, storableFormats } from '../../src/core/flexv/sb-ctrl.ts';
import { vecFormat } from '../../src/isa/index.ts';
import { controllerStep } from '../../src/iss/mixed.ts';
import { resetStatus, SB, SB_SIZE, writeStatus } from '../../src/iss/status.ts';
import { Random } from '../../src/sim/index.ts';
import { cleanliness, emitUnit, hex, runBatch, verilatorReady, yosysReady } from './helpers.ts';

const PORTS = { fmt: SB.fmt, cycle: SB.cycle, skip: SB.skip, legacy: SB.legacy } as const;

for (const extensionFormats of [true, false]) describe(`flexv_sb_ctrl (extension formats ${extensionFormats})`, async () => {
  const { result, dir } = await emitUnit(sbCtrl, { extensionFormats }, `sb_ctrl_${extensionFormats}`);

  it('elaborates without warnings', () => expect(result.warnings).toEqual([]));

  it.skipIf(!verilatorReady || !yosysReady)('is Verilator -Wall and Yosys clean', async () => {
    expect(await cleanliness(dir, result.top)).toEqual({ lint: [], yosys: [] });
  });

  it.skipIf(!verilatorReady)('matches the golden model over random writes and counted instructions', async () => {
    const rng = new Random(extensionFormats ? 91 : 92);
    const cycles = 20000;
    const cols: Record<string, number[]> = { wdata_i: [], fmt_we_i: [], cycle_we_i: [], skip_we_i: [], legacy_we_i: [], step_i: [] };
    let fmt = 0;
    for (let c = 0; c < cycles; c++) {
      const which = rng.chance(0.08) ? (['fmt', 'cycle', 'skip', 'legacy'] as const)[rng.below(4)] : undefined;
      let value = which === 'skip' ? (rng.chance(0.7) ? rng.below(5) : rng.u32()) : which === 'fmt' ? rng.below(16) | (rng.chance(0.2) ? rng.u32() & ~15 : 0) : rng.u32();
      // The unit gets the CSR file's legalized word: a format it cannot store keeps the old one.
      if (which === 'fmt') {
        if ((value & 15) >= storableFormats(extensionFormats)) value = (value & ~15) | fmt;
        fmt = value & 15;
      }
      cols.wdata_i!.push(value >>> 0);
      for (const p of Object.keys(PORTS)) cols[`${p}_we_i`]!.push(which === p ? 1 : 0);
      cols.step_i!.push(which ? 0 : rng.chance(0.8) ? 1 : 0);
    }
    const outs = ['fmt_o', 'cycle_o', 'skip_o', 'legacy_o', 'fmt_a_o', 'fmt_b_o', 'wide_o', 'mixed_o', 'scalar_o', 'cycle_write_o', 'next_cycle_o'];
    const out = await runBatch(result, cols, outs, 91, true);
    const sb = new Int32Array(SB_SIZE);
    resetStatus(sb);
    const failures: string[] = [];
    const advanced = new Set<number>();
    for (let c = 0; c < cycles; c++) {
      const f = vecFormat(sb[SB.fmt]!)!;
      const code = (w: number | undefined) => (w === undefined ? undefined : laneFormatOf(w));
      const step = controllerStep(sb[SB.fmt]!, { cycle: sb[SB.cycle]!, skip: sb[SB.skip]!, count: sb[SB.count]! });
      const wraps = step.count === 0 && f.groups > 1;
      const want: Record<string, number | undefined> = {
        fmt_o: sb[SB.fmt], cycle_o: sb[SB.cycle], skip_o: sb[SB.skip], legacy_o: sb[SB.legacy],
        fmt_a_o: code(f.act), fmt_b_o: code(f.wt), wide_o: f.act ? code(Math.max(f.act, f.wt!)) : undefined,
        mixed_o: f.groups > 1 ? 1 : 0, scalar_o: f.value === 0 ? 1 : 0, cycle_write_o: wraps ? 1 : 0, next_cycle_o: wraps ? step.cycle : undefined,
      };
      for (const [port, x] of Object.entries(want)) {
        if (x !== undefined && out[port]![c] !== BigInt(x >>> 0) && failures.length < 5) failures.push(`cycle ${c} ${port}: got ${hex(out[port]![c]!)}, want ${hex(x)} (fmt ${sb[SB.fmt]}, c ${sb[SB.cycle]}, skip ${sb[SB.skip]}, count ${sb[SB.count]})`);
      }
      const which = Object.entries(PORTS).find(([p]) => cols[`${p}_we_i`]![c]);
      if (which) {
        writeStatus(sb, which[1], cols.wdata_i![c]! | 0, storableFormats(extensionFormats));
      } else if (cols.step_i![c]) {
        if (wraps) advanced.add(sb[SB.fmt]!);
        sb[SB.cycle] = step.cycle;
        sb[SB.count] = step.count;
      }
    }
    expect(failures).toEqual([]);
    // Every mixed format saw its cycle advance.
    expect(advanced.size).toBe(extensionFormats ? 9 : 6);
  });
});
