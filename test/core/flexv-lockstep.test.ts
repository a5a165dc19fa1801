import { describe, expect, it } from 'vitest';
import { coreCoverage } from '../../src/core/core.ts';
import type { CoreOptions } from '../../src/core/configs.ts';
import { formatMismatch, lockstep } from '../../src/cosim/lockstep.ts';
import { decoderSweep } from '../../src/cosim/sweep.ts';
import { buildProgram } from '../../src/randprog/build.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { assembleSource, BUILD_DIR, PROGRAM_DIR, toolsReady } from './helpers.ts';

const ISS_PROGRAMS = join(import.meta.dirname, '../iss/programs');
import { macLoadProgram } from './flexv-programs.ts';
import { sbProgram } from './sb-programs.ts';

// The Flex-V configurations in lockstep: the decoder sweep over every entry they decode (legacy decoding),
// Mac&Load streams (NN-RF fills with rd = x0, back-to-back load/use) and, on flexv, the self-checking
// status-based programs (every format, controller, address streams, mode switches, traps), each also with
// random bus stalls.
async function passes(config: string, elf: string, stallSeed = 0, core: Partial<CoreOptions> = {}): Promise<void> {
  const r = await lockstep(config, elf, { maxCycles: 5_000_000, stallSeed, core });
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
  }, 900_000);

  it('runs Mac&Load streams with NN-RF fills and back-to-back load/use', async () => {
    for (const [seed, stall] of [[3, 0], [4, 5]] as const) {
      const src = macLoadProgram(seed, { steps: 200 });
      await passes(config, assembleSource(`macload-${config}-${seed}`, src, config), stall);
    }
  }, 900_000);

  it.runIf(config === 'flexv')('runs the status-based mode: every format, the controller, address streams, mode switches', async () => {
    await passes(config, assembleSource('sb-flexv-1', sbProgram(1), config));
    await passes(config, assembleSource('sb-flexv-2', sbProgram(2), config), 3);
  }, 900_000);

  it.runIf(config === 'flexv')('passes the self-checking revision-2 programs (test/core/programs/sb-*.S, test/iss/programs/*.S)', async () => {
    const files = [
      ...readdirSync(PROGRAM_DIR).filter((f) => /^sb-.*\.S$/.test(f)).map((f) => join(PROGRAM_DIR, f)),
      ...readdirSync(ISS_PROGRAMS).filter((f) => f.endsWith('.S')).map((f) => join(ISS_PROGRAMS, f)),
    ];
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) await passes(config, assembleSource(`rev2-${basename(file, '.S')}`, readFileSync(file, 'utf8'), config));
  }, 900_000);

  it.runIf(config === 'flexv')('runs the published core (no formats 11-13: their writes are reserved) against the model told the same', async () => {
    await passes(config, assembleSource('sb-flexv-published', sbProgram(3, { extension: false }), config), 0, { extensionFormats: false });
  }, 900_000);
});
