// `npm run bench -- synth [lanes]`: wall time of the synthesis flow (emit + Yosys coarse + fine +
// reports) on the largest design that exists today, a generated MAC array (test/synth/designs/
// mac-array.ts: `lanes` 8x8->32 MAC lanes, a 4096 x 32 scratchpad kept as a macro).
//
// The core and the 8-core cluster are not in the tree yet: when they land, this benchmark times
// `--target core` and `--target cluster` and writes the baseline-vs-Flex-V comparison
// (baseline_nand2, flexv_nand2, overhead_pct, per-block rows); until then those fields are null.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthTarget } from '../src/synth/run.ts';
import { formatReport } from '../src/synth/format.ts';
import { DEFAULT_SDC } from '../src/synth/sdc.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

export default async function bench(args: string[]) {
  const lanes = Number(args[0] ?? 256);
  if (!Number.isInteger(lanes) || lanes < 1) throw new Error(`lanes must be a positive integer, got ${args[0]}`);
  const params = { lanes, accWidth: 32, spmWords: 4096 };
  const started = Date.now();
  const report = await synthTarget({
    target: 'module',
    request: { design: join(here, '..', 'test', 'synth', 'designs', 'mac-array.ts'), params, sdc: DEFAULT_SDC },
    buildRoot: join(here, '..', 'build', 'bench-synth'),
  });
  const seconds = (Date.now() - started) / 1000;
  console.log(formatReport(report, 0));
  const cells = Object.values(report.total.cells).reduce((a, b) => a + b, 0);
  console.log(`\nflow: ${seconds.toFixed(2)} s wall (Yosys coarse ${report.stepSeconds['synth-coarse']?.toFixed(2)} s, fine ${report.stepSeconds['synth-fine']?.toFixed(2)} s), ${cells} cells`);
  return {
    module: {
      design: 'test/synth/designs/mac-array.ts',
      params,
      seconds_total: seconds,
      seconds_yosys: report.stepSeconds,
      cells,
      nand2: report.total.nand2,
      nand2_with_macros: report.total.nand2WithMacros,
      flops: report.total.flops,
      macro_bits: report.total.macroBits,
      depth_cells: report.total.depth?.cells ?? 0,
    },
    core: null,
    cluster_8: null,
    baseline_nand2: null,
    flexv_nand2: null,
    overhead_pct: null,
    blocks: null,
    pending: 'core and cluster generators not in the tree yet (src/synth/targets.ts: core, cluster pending)',
  };
}
