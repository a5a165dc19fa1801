import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readFilelist } from './filelist.ts';
import { synthesisFailure } from './failure.ts';
import { parseLtp } from './ltp.ts';
import { DEFAULT_MACRO_MIN_BITS, classifyMemory, type MemoryReport } from './memories.ts';
import { selectionPattern } from './names.ts';
import type { ProgressSink } from './progress.ts';
import { buildReport, type SynthReport } from './report.ts';
import { scanRtlil } from './rtlil-scan.ts';
import { renderScript } from './scripts.ts';
import { parseStatJson } from './stat.ts';
import { runYosys } from './yosys.ts';

/** An emitted design on disk: a directory with `filelist.f` and the SV it names. */
export interface SynthInput {
  dir: string;
  top: string;
  /** How the design is named in reports and messages (`fifo depth=4`, `baseline`...). */
  label: string;
  target: string;
  params?: Record<string, unknown>;
}

export interface SynthOptions {
  /** Where scripts, checkpoint, reports and the log of this run go (created, emptied first). */
  runDir: string;
  /** Size rule for memories without an attribute (memories.ts). */
  macroMinBits?: number;
  onProgress?: ProgressSink;
}

/**
 * Synthesizes one design with Yosys' generic flow (constraints/synth-coarse.ys, synth-fine.ys) and
 * reports area, flip-flops, macros and logic depth per module and in total. Throws a UserError naming
 * the module and the Yosys message when Yosys fails.
 */
export async function synthesize(input: SynthInput, opts: SynthOptions): Promise<SynthReport> {
  const started = Date.now();
  const runDir = resolve(opts.runDir);
  await rm(runDir, { recursive: true, force: true });
  await mkdir(runDir, { recursive: true });
  const files = await readFilelist(input.dir);
  const at = (name: string) => join(runDir, name);

  const stepSeconds: Record<string, number> = {};
  const step = async (name: string, script: string) => {
    const stepStart = Date.now();
    const logFile = at(`${name}.log`);
    let pass = 'starting';
    const emit = () => opts.onProgress?.({ label: input.label, step: name, pass, elapsedMs: Date.now() - started });
    const heartbeat = opts.onProgress ? setInterval(emit, 250) : undefined;
    try {
      const run = await runYosys(script, {
        cwd: runDir,
        scriptFile: at(`${name}.ys`),
        logFile,
        onPass: (p) => {
          pass = p.toLowerCase();
          emit();
        },
      });
      if (!run.ok) {
        throw synthesisFailure({ label: input.label, step: name, top: input.top, log: run.log, stderr: run.stderr, logFile, exitCode: run.exitCode });
      }
    } finally {
      if (heartbeat) clearInterval(heartbeat);
      stepSeconds[name] = (Date.now() - stepStart) / 1000;
    }
  };

  const checkpoint = at('coarse.il');
  await step('synth-coarse', await renderScript('synth-coarse.ys', { FILES: files, TOP: input.top, CHECKPOINT: checkpoint }));

  const scan = scanRtlil(await readFile(checkpoint, 'utf8'));
  const memories = scan.memories.map((m) => classifyMemory(m, opts.macroMinBits ?? DEFAULT_MACRO_MIN_BITS));
  const paths = { stat: at('stat.json'), ltpModules: at('ltp-modules.txt'), ltpFlat: at('ltp-flat.txt') };
  await step(
    'synth-fine',
    await renderScript('synth-fine.ys', {
      CHECKPOINT: checkpoint,
      TOP: input.top,
      MAP_MEMORIES: memoryMapCommand(memories),
      STAT_JSON: paths.stat,
      LTP_MODULES: paths.ltpModules,
      LTP_FLAT: paths.ltpFlat,
      SUBMODULES: scan.modules.map((m) => `t:${selectionPattern(m)}`).join(' '),
    }),
  );

  const flat = parseLtp(await readFile(paths.ltpFlat, 'utf8'));
  return buildReport({
    label: input.label,
    target: input.target,
    top: input.top,
    params: input.params ?? {},
    cells: parseStatJson(await readFile(paths.stat, 'utf8')),
    memories,
    instances: scan.instances,
    depths: parseLtp(await readFile(paths.ltpModules, 'utf8')),
    ...(flat.get(input.top) ? { flatDepth: flat.get(input.top)! } : {}),
    seconds: (Date.now() - started) / 1000,
    stepSeconds,
    runDir,
  });
}

/** `memory_map` on exactly the memories that become flip-flops; the macros stay `$mem_v2`. */
function memoryMapCommand(memories: MemoryReport[]): string {
  const flops = memories.filter((m) => m.kind === 'flops');
  if (flops.length === 0) return '# no memory is mapped to flip-flops';
  return `memory_map ${flops.map((m) => `${selectionPattern(m.module)}/${selectionPattern(m.name)}`).join(' ')}`;
}
