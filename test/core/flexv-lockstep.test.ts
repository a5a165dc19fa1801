import { describe, expect, it } from 'vitest';
import { coreCoverage } from '../../src/core/core.ts';
import { formatMismatch, lockstep } from '../../src/cosim/lockstep.ts';
import { decoderSweep } from '../../src/cosim/sweep.ts';
import { buildProgram } from '../../src/randprog/build.ts';
import { assembleSource, BUILD_DIR, toolsReady } from './helpers.ts';
import { macLoadProgram } from './flexv-programs.ts';
import { sbProgram } from './sb-programs.ts';

// The Flex-V configurations in lockstep: the decoder sweep over every entry they decode (legacy decoding),
// Mac&Load streams (NN-RF fills with rd = x0, back-to-back load/use) and, on flexv, the self-checking
// status-based programs (every format, controller, address streams, mode switches, traps), each also with
// random bus stalls.
async function passes(config: string, elf: string, stallSeed = 0): Promise<void> {
  const r = await lockstep(config, elf, { maxCycles: 5_000_000, stallSeed });
  if (r.mismatch) expect.fail(formatMismatch(config, r.mismatch));
  expect(r.end?.reason).toBe('tohost');
  expect(r.end?.value).toBe(1);
  expect(r.compared).toBe(r.end!.instret);
}

describe.runIf(toolsReady).each(['xpulpnn', 'flexv'] as const)('%s core in lockstep', (config) => {
  it('decodes every entry of its parts as the table says and traps on illegal words', async () => {
    const cov = coreCoverage(config);
    for (const [seed, stall] of [[1, 0], [2, 7]] as const) {
      const src = decoderSweep({ config, ids: [...cov.decoded, ...cov.compressed], seed, perInstruction: 3, illegal: 60 });
      await passes(config, await buildProgram(BUILD_DIR, `sweep-${config}-${seed}`, src), stall);
    }
  }, 120_000);

  it('runs Mac&Load streams with NN-RF fills and back-to-back load/use', async () => {
    for (const [seed, stall] of [[3, 0], [4, 5]] as const) {
      const src = macLoadProgram(seed, { steps: 200 });
      await passes(config, assembleSource(`macload-${config}-${seed}`, src, config), stall);
    }
  }, 120_000);

  it.runIf(config === 'flexv')('runs the status-based mode: every format, the controller, address streams, mode switches', async () => {
    await passes(config, assembleSource('sb-flexv-1', sbProgram(1), config));
    await passes(config, assembleSource('sb-flexv-2', sbProgram(2), config), 3);
  }, 300_000);
});
