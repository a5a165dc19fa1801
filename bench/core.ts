// `npm run bench -- core [iterations]`: Verilator speed of every core configuration on the RV32IM xorshift
// loop, free-running and in lockstep with the golden model, its CPI and the model's build time.
// (The kernel MAC/cycle table of issue 6 joins here when the kernels run on the RTL.)
import { CORE_CONFIGS } from '../src/core/configs.ts';
import { measureCore, type CoreFigures } from '../src/cosim/measure.ts';

export default async function run(args: string[]): Promise<{ cores: CoreFigures[] }> {
  const iterations = Number(args[0] ?? 200_000);
  const cores: CoreFigures[] = [];
  for (const config of Object.keys(CORE_CONFIGS)) {
    const f = await measureCore(config, iterations);
    cores.push(f);
    console.log(
      `${config.padEnd(9)} CPI ${f.cpi.toFixed(3)}  ${(f.cyclesPerSecond / 1e6).toFixed(2)} M cycles/s free  ` +
        `${(f.lockstepRetirementsPerSecond / 1e6).toFixed(2)} M retirements/s lockstep  ` +
        `lockstep overhead ${(f.lockstepOverhead * 100).toFixed(0)}%` +
        (f.buildSeconds !== undefined ? `  Verilator build ${f.buildSeconds.toFixed(1)} s` : '  (model cached)'),
    );
  }
  return { cores };
}
