import { describe, expect, it } from 'vitest';
import { coreCoverage } from '../../src/core/core.ts';
import { formatMismatch, lockstep } from '../../src/cosim/lockstep.ts';
import { decoderSweep } from '../../src/cosim/sweep.ts';
import { buildProgram } from '../../src/randprog/build.ts';
import { assembleSource, BUILD_DIR, toolsReady } from './helpers.ts';
import { macLoadProgram, mpcProgram } from './flexv-programs.ts';

// The Flex-V configurations in lockstep: the decoder sweep over every entry they decode, Mac&Load streams
// (NN-RF fills with rd = x0, back-to-back load/use) and mpc programs (every format pair, several skips),
// each also with random bus stalls.
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
      const src = macLoadProgram(seed, { mixed: config === 'flexv', steps: 200 });
      await passes(config, assembleSource(`macload-${config}-${seed}`, src, config), stall);
    }
  }, 120_000);

  it.runIf(config === 'flexv')('runs mixed dot products under every mpc format pair and skip', async () => {
    await passes(config, assembleSource('mpc-flexv-1', mpcProgram(1), config));
    await passes(config, assembleSource('mpc-flexv-2', mpcProgram(2), config), 3);
  }, 120_000);
});
