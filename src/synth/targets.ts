import { join } from 'node:path';
import { UserError } from '../util/errors.ts';
import { emitCore } from '../core/core.ts';
import { writeEmit } from '../hdl/index.ts';
import { emitDesignFile } from './hdl-bridge.ts';
import { formatParams, parseParams, type Params } from './params.ts';
import { writeSdc, type SdcOptions } from './sdc.ts';
import type { SynthInput } from './flow.ts';

/** What the command line gives a target. */
export interface TargetRequest {
  /** Design file (`--target module`). */
  design?: string;
  /** `--param` values, common to both sides of a comparison. */
  params: Params;
  /** `--config` (core, cluster). */
  config?: string;
  sdc: SdcOptions;
}

/** A target knows how to turn a request (and a comparison side) into emitted SV on disk. */
export interface Target {
  name: string;
  description: string;
  /** Emits the design into `outDir` (SV, filelist.f, <top>.sdc) and says what to synthesize. */
  emit(req: TargetRequest, outDir: string): Promise<SynthInput>;
  /** A `--compare` side: a request derived from the common one (a param set, a config name). */
  variant(req: TargetRequest, side: string): TargetRequest;
}

const moduleTarget: Target = {
  name: 'module',
  description: 'a module generator from a design file (its default export), with --param values',
  async emit(req, outDir) {
    if (!req.design) throw new UserError('--target module needs a design file: flexv synth --target module <design.ts>');
    if (req.config) throw new UserError(`--config ${req.config} applies to --target core and cluster; a module takes --param values`);
    const result = await emitDesignFile(req.design, req.params, outDir);
    await writeSdc(result, outDir, req.sdc);
    const params = formatParams(req.params);
    return {
      dir: outDir,
      top: result.top,
      label: params ? `${result.top} (${params})` : result.top,
      target: 'module',
      params: req.params,
    };
  },
  variant(req, side) {
    return { ...req, params: { ...req.params, ...parseParams([side]) } };
  },
};

/** The core generator (src/core) for `--config` (default baseline); `--compare baseline flexv` sets the config. */
const coreTarget: Target = {
  name: 'core',
  description: 'the core generator (src/core) for --config (baseline)',
  async emit(req, outDir) {
    if (req.design) throw new UserError(`--target core takes no design file (got ${req.design}); choose the configuration with --config`);
    const config = req.config ?? 'baseline';
    const result = emitCore(config);
    await writeEmit(result, outDir);
    await writeSdc(result, outDir, req.sdc);
    return { dir: outDir, top: result.top, label: config, target: 'core', params: { config } };
  },
  variant(req, side) {
    return { ...req, config: side };
  },
};

/**
 * The cluster: its generator (src/cluster) has not landed yet. When it does, it becomes a Target like
 * `coreTarget`.
 */
function pendingTarget(name: string, what: string): Target {
  const unavailable = () =>
    new UserError(`--target ${name} is not available yet: ${what} has not landed in this tree (use --target module)`);
  return {
    name,
    description: `${what} (pending)`,
    async emit() {
      throw unavailable();
    },
    variant() {
      throw unavailable();
    },
  };
}

/** Every synthesis target, by its --target name. */
export const TARGETS: Record<string, Target> = {
  module: moduleTarget,
  core: coreTarget,
  cluster: pendingTarget('cluster', 'the cluster generator (src/cluster)'),
};

export function target(name: string): Target {
  const t = TARGETS[name];
  if (!t) throw new UserError(`unknown target '${name}' (targets: ${Object.keys(TARGETS).join(', ')})`);
  return t;
}

/** Where a run's emitted SV and Yosys files go: build/synth/<name>/{rtl,yosys}. */
export function runDirs(root: string, name: string): { rtl: string; yosys: string } {
  const safe = name.replace(/[^\w.=-]+/g, '_');
  return { rtl: join(root, safe, 'rtl'), yosys: join(root, safe, 'yosys') };
}
