import type { Bits, Build } from '../kernels/formats.ts';
import { measureKernel, measureKernelGolden } from '../kernels/cluster/measure.ts';
import { UserError } from '../util/errors.ts';
import { paperShape } from './layer.ts';
import type { PaperRow, Timing } from './row.ts';

/**
 * flexv's own convolution (src/kernels/cluster, the catalog kernel of the layer) on the same cluster and
 * pair: runClusterOnRtl on the RTL (outputs checked from the final L2), or the golden cluster model.
 */
export interface FlexvRunOptions {
  layer: string;
  cores: number;
  timing: Timing;
  lockstep?: boolean;
  seed?: number;
}

export async function runFlexvConv(a: Bits, w: Bits, build: Build, o: FlexvRunOptions): Promise<PaperRow> {
  paperShape(o.layer);
  const base = { software: 'flexv' as const, build, a, w, out: a, cores: o.cores, kernel: o.layer, family: 'flexv', layer: o.layer, timing: o.timing };
  try {
    const r = o.timing === 'rtl'
      ? await measureKernel(o.layer, a, w, build, o.cores, { lockstep: o.lockstep ?? false, seed: o.seed })
      : await measureKernelGolden(o.layer, a, w, build, o.cores, o.seed);
    return { ...base, macs: r.macs, cycles: r.cycles, mac_per_cycle: r.mac_per_cycle,
      ...(o.timing === 'rtl' ? { conflicts: r.conflicts, stall_cycles: r.stall_cycles } : {}), bit_exact: r.bit_exact, note: r.bit_exact ? 'bit-exact' : 'outputs differ from the reference' };
  } catch (e) {
    // A run that does not reach EOC is a result (not bit-exact), as for the PULP-NN-mixed kernels.
    if (!(e instanceof UserError)) throw e;
    return { ...base, macs: 0, cycles: 0, mac_per_cycle: 0, bit_exact: false, note: e.message.split('\n')[0] };
  }
}
