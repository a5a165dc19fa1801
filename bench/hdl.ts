// `npm run bench -- hdl [ports] [width]`: elaborate, check and emit a generated design of >= 100k IR nodes
// (a crossbar whose every output also reduces all inputs through an adder tree), and time it.
import { elaborate, emit, index, indexWidth, module, sumAll, UInt, Vec } from '../src/hdl/index.ts';

export const crossbarTrees = module(
  'bench_xbar',
  (m, p: { ports: number; width: number }) => {
    const ins = m.input('in', Vec(p.ports, UInt(p.width)));
    const sels = m.input('sel', Vec(p.ports, UInt(indexWidth(p.ports))));
    const outs = m.output('out', Vec(p.ports, UInt(p.width)));
    const sums = m.output('sum', Vec(p.ports, UInt(p.width)));
    for (let j = 0; j < p.ports; j++) {
      outs[j]!.set(index(ins, sels[j]!));
      // a different pairing per output so no two trees are the same expression
      sums[j]!.set(sumAll(ins.map((x, i) => x.xor(ins[(i * (j + 1) + j) % p.ports]!))));
    }
    return { in: ins, sel: sels, out: outs, sum: sums };
  },
  { defaults: { ports: 192, width: 16 } },
);

export default async function run(args: string[]): Promise<{ nodes: number; seconds: number; nodes_per_s: number }> {
  const ports = Number(args[0] ?? 192);
  const width = Number(args[1] ?? 16);
  // one warm-up run so the figure measures the HDL, not V8's first compilation of it
  emit(elaborate(crossbarTrees, { ports: 8, width }));
  const t0 = performance.now();
  const design = elaborate(crossbarTrees, { ports, width });
  const t1 = performance.now();
  const result = emit(design);
  const t2 = performance.now();
  const seconds = (t2 - t0) / 1000;
  const figures = { nodes: design.nodes, seconds: Number(seconds.toFixed(3)), nodes_per_s: Math.round(design.nodes / seconds) };
  const lines = result.files.reduce((n, f) => n + f.text.split('\n').length, 0);
  console.log(`hdl bench: ${ports} ports x ${width} bits`);
  console.log(`  IR nodes        ${figures.nodes}`);
  console.log(`  elaborate+check ${((t1 - t0) / 1000).toFixed(3)} s`);
  console.log(`  emit            ${((t2 - t1) / 1000).toFixed(3)} s  (${lines} lines of SV)`);
  console.log(`  total           ${figures.seconds} s  = ${figures.nodes_per_s} nodes/s`);
  // the goal is stated for >= 100k nodes: a smaller default design would make the figure meaningless
  if (args[0] === undefined && figures.nodes < 100_000) {
    throw new Error(`the default design has only ${figures.nodes} IR nodes (< 100k): raise the default ports`);
  }
  return figures;
}
