/**
 * `node --import tsx src/kernels/cluster/measure-golden.ts [kernel] [cores,...]`: the cluster kernels on the
 * golden cluster model for every pair and build: MAC per instruction of the busiest core (ideal memory, DMA
 * done at once), an upper bound of the RTL's MAC/cycle. Prints the summary, writes
 * build/cluster-kernels/golden-<kernel>.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILDS, FORMAT_PAIRS } from '../formats.ts';
import { CACHE_DIR } from './build.ts';
import { formatSummary, measureKernelGolden, summarize, type KernelRow } from './measure.ts';

const kernel = process.argv[2] ?? 'conv3x3';
const coreCounts = (process.argv[3] ?? '1,8').split(',').map(Number);
const rows: KernelRow[] = [];
for (const cores of coreCounts) {
  for (const { a, w } of FORMAT_PAIRS) {
    for (const build of BUILDS) {
      const row = await measureKernelGolden(kernel, a, w, build, cores);
      if (!row.bit_exact) throw new Error(`${kernel} a${a}w${w} ${build} x${cores}: outputs differ from the reference`);
      rows.push(row);
    }
  }
}
console.log(formatSummary(summarize(rows)));
await mkdir(CACHE_DIR, { recursive: true });
await writeFile(join(CACHE_DIR, `golden-${kernel}.json`), JSON.stringify(rows, null, 1));
