import { BUILDS } from '../../kernels/formats.ts';
import type { KernelRow } from '../../kernels/cluster/measure.ts';
import { markdownTable } from '../markdown.ts';
import type { TableDef } from '../table-def.ts';


/** The format pairs present, in the docs' order (a8w8 first, a2w2 last). */
function pairs(rows: KernelRow[]): Array<[number, number]> {
  const keys = [...new Set(rows.map((r) => `${r.a},${r.w}`))].map((k) => k.split(',').map(Number) as [number, number]);
  return keys.sort((x, y) => y[0] - x[0] || y[1] - x[1]);
}

const find = (rows: KernelRow[], kernel: string, build: string, a: number, w: number, cores: number) =>
  rows.find((r) => r.kernel === kernel && r.build === build && r.a === a && r.w === w && r.cores === cores);
const mpc = (r: KernelRow | undefined) => (r ? `${r.mac_per_cycle.toFixed(2)}${r.bit_exact ? '' : ' (not bit-exact)'}` : '-');

/** Per pair, the three builds of each kernel on `cores` cores, flexv's share of its lane limit and its speed-up. */
function buildsTable(kernels: string[], cores: number) {
  return (raw: unknown): string => {
    const rows = raw as KernelRow[];
    const header = ['pair'];
    for (const k of kernels) header.push(`${k} baseline`, 'xpulpnn', 'flexv', '% of lane limit', 'flexv / baseline');
    const body = pairs(rows.filter((r) => kernels.includes(r.kernel) && r.cores === cores)).map(([a, w]) => {
      const cells = [`a${a} w${w}`];
      for (const k of kernels) {
        const [b, x, f] = BUILDS.map((build) => find(rows, k, build, a, w, cores));
        cells.push(mpc(b), mpc(x), f ? `**${f.mac_per_cycle.toFixed(2)}**` : '-', f ? `${Math.round(f.lane_fraction * 100)} %` : '-', b && f ? `${(f.mac_per_cycle / b.mac_per_cycle).toFixed(2)}×` : '-');
      }
      return cells;
    });
    return markdownTable(header, body, header.map((_, i) => i > 0));
  };
}

/** One build's MAC/cycle over several kernels (columns) on `cores` cores. */
function kernelsTable(build: string, kernels: string[], cores: number) {
  return (raw: unknown): string => {
    const rows = (raw as KernelRow[]).filter((r) => r.build === build && r.cores === cores);
    const body = pairs(rows.filter((r) => kernels.includes(r.kernel))).map(([a, w]) => [`a${a} w${w}`, ...kernels.map((k) => mpc(find(rows, k, build, a, w, cores)))]);
    return markdownTable(['pair', ...kernels.map((k) => `${k} (${build})`)], body, [false, ...kernels.map(() => true)]);
  };
}

export const kernelsTables: TableDef[] = [
  {
    id: 'kernels-conv3x3-8',
    benchmark: 'kernels',
    command: 'npm run bench -- kernels --kernels conv3x3,conv3x3-long --cores 8',
    render: buildsTable(['conv3x3', 'conv3x3-long'], 8),
  },
  {
    id: 'kernels-flexv-others-8',
    benchmark: 'kernels',
    command: 'npm run bench -- kernels --kernels conv3x3-dma,pointwise,pointwise-dma --builds flexv --cores 8 --merge',
    render: kernelsTable('flexv', ['conv3x3-dma', 'pointwise', 'pointwise-dma'], 8),
  },
];
