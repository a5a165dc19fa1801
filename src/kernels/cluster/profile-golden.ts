/**
 * `node --import tsx src/kernels/cluster/profile-golden.ts <kernel> <a>w<b> <build> <cores> [hart]`: where one
 * hart of the golden cluster model spends its instructions on a catalog kernel (default output format):
 * retired instructions per function of the ELF, then per code address grouped by how often it ran (an
 * address run once per 4 x 4 block of an 8-core conv3x3 runs 128 / 4 times: the blocks are unrolled by 4).
 */
import { readElfFile } from '../../elf/read.ts';
import { Cluster } from '../../iss/cluster.ts';
import { UserError } from '../../util/errors.ts';
import type { Bits, Build } from '../formats.ts';
import { CONFIG_OF_BUILD } from '../run.ts';
import { catalogEntry } from './catalog.ts';
import { buildClusterLayer } from './golden.ts';
import { makeClusterLayer } from './layer.ts';

const [kernel = 'conv3x3', pair = 'a2w2', build = 'flexv', coresArg = '8', hartArg = '1'] = process.argv.slice(2);
const m = /^a([842])w([842])$/.exec(pair);
if (!m) throw new UserError(`bad pair '${pair}' (expected e.g. a2w2)`, 'argv[3]');
const a = Number(m[1]) as Bits, w = Number(m[2]) as Bits, cores = Number(coresArg), hart = Number(hartArg);
const entry = catalogEntry(kernel);
const c = makeClusterLayer({ ...entry.shape, a, w, outBits: a }, { maxCores: cores, dma: entry.dma }, 1);
const elf = await buildClusterLayer(c, build as Build);
const image = await readElfFile(elf);
const funcs = image.symbols.filter((s) => s.type === 2 && s.size > 0);
const cluster = new Cluster(CONFIG_OF_BUILD[build as Build], cores);
cluster.load(image, elf);
const byPc = new Map<number, number>();
cluster.run(5e8, 1000, (r) => {
  if (r.hart === hart) byPc.set(r.pc >>> 0, (byPc.get(r.pc >>> 0) ?? 0) + 1);
});
const byFunc = new Map<string, number>(), byCount = new Map<number, { pcs: number; instr: number }>();
for (const [pc, n] of byPc) {
  const f = funcs.find((s) => pc >= s.value && pc < s.value + s.size)?.name ?? '?';
  byFunc.set(f, (byFunc.get(f) ?? 0) + n);
  const e = byCount.get(n) ?? { pcs: 0, instr: 0 };
  byCount.set(n, { pcs: e.pcs + 1, instr: e.instr + n });
}
console.log(`${kernel} a${a}w${w} ${build} x${cores}, hart ${hart} (whole run, the untimed start-up and check included):`);
for (const [f, n] of [...byFunc].sort((x, y) => y[1] - x[1])) console.log(`  ${f}: ${n}`);
console.log('runs per address: addresses, instructions');
for (const [n, e] of [...byCount].sort((x, y) => x[0] - y[0])) console.log(`  ${n}: ${e.pcs}, ${e.instr}`);
