// `npx tsx src/paper/cin-probe.ts [cin ...]`: the bank-conflict probe of docs/paper.md. PULP-NN-mixed's
// XpulpNN-mixed a8w8 conv on the 8-core flexv cluster, on the benchmark layer with the input channels
// changed (default 32, the layer itself, and 36): golden instructions and RTL cycles with the TCDM counters.
// At cin = 32 a weight row is 288 bytes = 72 words, 8 modulo the 16 banks; at 36, 81 words, 1 modulo 16.
import { ensureUnpacked } from '../conformance/archive.ts';
import { listKernels, type KernelEntry } from '../conformance/catalog.ts';
import { convCaseOf } from '../conformance/kinds/conv.ts';
import { includeDirOf, runConformance } from '../conformance/run.ts';
import type { Rng } from '../randprog/rng.ts';
import { PAPER_KERNEL, paperShape } from './layer.ts';
import { familyOfBuild, pulpConvKernel, REQUANT_LABEL } from './pulp.ts';

const cins = process.argv.slice(2).map(Number);
for (const c of cins) if (!Number.isInteger(c) || c < 4 || c % 4) throw new Error(`cin '${c}' must be a positive multiple of 4 (argument of src/paper/cin-probe.ts)`);
const family = familyOfBuild('flexv');
const root = await ensureUnpacked();
const all = listKernels(root, [family]);
const k = pulpConvKernel(all, family, 8, 8);
for (const cin of cins.length ? cins : [32, 36]) {
  const shape = { ...paperShape(PAPER_KERNEL), cin };
  const caseOf = (kk: KernelEntry, cores: number, rng: Rng) => {
    const c = convCaseOf(shape)(kk, cores, rng);
    return { ...c, calls: c.calls.filter((x) => x.label === REQUANT_LABEL) };
  };
  for (const target of ['cluster-golden', 'cluster-rtl'] as const) {
    const r = await runConformance(k, all, includeDirOf(root, family), 'flexv', target, { clusterCores: 8, caseOf, lockstep: false });
    const what = target === 'cluster-rtl' ? `${r.calls[0]?.cycles} cycles, ${r.macPerCycle.toFixed(2)} MAC/cycle, ${r.conflicts} conflicts, ${r.stallCycles} stall cycles` : `${r.calls[0]?.cycles} instructions (busiest core), ${r.macPerCycle.toFixed(2)} MAC/instruction`;
    console.log(`${k.name} cin ${cin} ${target}: ${r.status}, ${what}`);
  }
}
