/**
 * A/B speed check of the golden model for a loaded machine: best-of-N MIPS in process CPU time (wall time
 * swings by several times when eight sessions share two cores) of the golden model in source tree `tree`
 * (e.g. this tree and a `git worktree` of an older commit) on the xorshift ELFs `npm run bench -- iss`
 * builds into build/bench-iss (run that once first) and on that tree's own mixed-precision kernel.
 * `npx tsx bench/iss/ab-cpu.ts <tree> [repetitions=5]`
 */
import { resolve } from 'node:path';

const tree = resolve(process.argv[2] ?? '.');
const { runElf } = await import(`${tree}/src/iss/run.ts`);
const { buildProgram } = await import(`${tree}/src/randprog/build.ts`);
const { mixedKernelSource } = await import(`${tree}/bench/iss/mixed-kernel.ts`);
const dir = resolve('build/bench-iss/ab', tree.replace(/\W/g, '_'));
const inner = 64, outer = Math.round(20e6 / (4 + 8 * inner));
const mk = await buildProgram(dir, 'mixed-kernel', mixedKernelSource(outer, inner));
const xs = resolve('build/bench-iss/xorshift.elf'), br = resolve('build/bench-iss/xorshift-branchy.elf');
const best: Record<string, number> = {};
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
for (let rep = 0; rep < Number(process.argv[3] ?? 5); rep++) {
  for (const [name, elf, config, max] of [['mips', xs, 'baseline', 60e6], ['mips_branchy', br, 'baseline', 60e6], ['mixed_kernel_mips', mk, 'flexv', 1e10]] as const) {
    const t0 = cpu();
    const r = await runElf(elf, { config, maxInstr: max });
    best[name] = Math.max(best[name] ?? 0, r.instructions / (cpu() - t0) / 1e6);
  }
  let sink = 0;
  const t0 = cpu();
  const t = await runElf(xs, { config: 'baseline', maxInstr: 10e6, onRetire: (r: { pc: number; rdValue: number; memCount: number }) => { sink = (sink + r.pc + r.rdValue + r.memCount) | 0; } });
  best.mips_traced = Math.max(best.mips_traced ?? 0, t.instructions / (cpu() - t0) / 1e6);
}
console.log(tree, JSON.stringify(Object.fromEntries(Object.entries(best).map(([k, v]) => [k, Math.round(v)]))));
