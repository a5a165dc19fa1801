import { join } from 'node:path';
import { UserError } from '../util/errors.ts';
import { emitCore } from '../core/core.ts';
import { coreConfig } from '../core/configs.ts';
import { hasStatusBased } from '../isa/index.ts';
import { emitCluster } from '../cluster/cluster.ts';
import type { ClusterOptions } from '../cluster/cluster-params.ts';
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
  /** `--cores`, `--banking` (cluster). */
  cores?: number;
  banking?: number;
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
  /** Levels below the top at which `--compare` cuts the overhead into pieces (breakdown.ts). */
  breakdownDepth: number;
  /**
   * A third design `--compare` also synthesizes beside side B, to report one feature of B separately: the
   * core's B without flexv's extension formats 11..13 (so their area is a row of its own).
   */
  companion?(req: TargetRequest, sideB: string): { request: TargetRequest; feature: string } | undefined;
}

const moduleTarget: Target = {
  name: 'module',
  description: 'a module generator from a design file (its default export), with --param values',
  async emit(req, outDir) {
    if (!req.design) throw new UserError('--target module needs a design file: flexv synth --target module <design.ts>');
    if (req.config) throw new UserError(`--config ${req.config} applies to --target core and cluster; a module takes --param values`);
    refuseClusterSize(req, 'module');
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
  breakdownDepth: 1,
};

/** The core generator (src/core) for `--config` (default baseline); `--compare baseline flexv` sets the config. */
const coreTarget: Target = {
  name: 'core',
  description: 'the core generator (src/core) for --config (baseline)',
  async emit(req, outDir) {
    if (req.design) throw new UserError(`--target core takes no design file (got ${req.design}); choose the configuration with --config`);
    refuseClusterSize(req, 'core');
    const config = req.config ?? 'baseline';
    const unknown = Object.keys(req.params).filter((k) => k !== 'extensionFormats');
    if (unknown.length) throw new UserError(`--target core takes the parameter extensionFormats only (got ${unknown.join(', ')})`, '--param');
    const ext = req.params.extensionFormats;
    if (ext !== undefined && typeof ext !== 'boolean') throw new UserError(`extensionFormats must be true or false (got ${String(ext)})`, '--param');
    const result = emitCore(config, ext === undefined ? {} : { extensionFormats: ext });
    await writeEmit(result, outDir);
    await writeSdc(result, outDir, req.sdc);
    const label = ext === false && hasStatusBased(coreConfig(config).isa) ? `${config} without formats 11-13` : config;
    return { dir: outDir, top: result.top, label, target: 'core', params: { config, ...(ext === undefined ? {} : { extensionFormats: ext }) } };
  },
  variant(req, side) {
    return { ...req, config: side };
  },
  companion(req, sideB) {
    if (!hasStatusBased(coreConfig(sideB).isa) || req.params.extensionFormats === false) return undefined;
    return { request: { ...req, config: sideB, params: { ...req.params, extensionFormats: false } }, feature: 'formats 11-13 (activations narrower)' };
  },
  // The core's children are its blocks (dot-product unit, NN-RF, decoder, ...).
  breakdownDepth: 1,
};

/**
 * The cluster generator (src/cluster/cluster.ts) for `--cores` (required), `--banking` and `--config`
 * (default flexv, the cluster's own default); its parameter checks name the flag. TCDM banks are memories
 * of kilobytes, so the size rule keeps them macros (docs/synth.md, "Memories").
 */
const clusterTarget: Target = {
  name: 'cluster',
  description: 'the cluster generator (src/cluster) for --cores N [--banking F] [--config]',
  async emit(req, outDir) {
    if (req.design) throw new UserError(`--target cluster takes no design file (got ${req.design}); use --cores, --banking, --config`);
    if (req.cores === undefined) throw new UserError('--target cluster needs --cores N', '--cores');
    const options: ClusterOptions = { cores: req.cores, ...(req.banking !== undefined ? { banking: req.banking } : {}), ...(req.config ? { config: req.config } : {}) };
    const { params, result } = emitCluster(options);
    await writeEmit(result, outDir);
    await writeSdc(result, outDir, req.sdc);
    return {
      dir: outDir,
      top: result.top,
      label: `${params.config} cluster, ${params.cores} cores, ${params.banks} banks`,
      target: 'cluster',
      params: { config: params.config, cores: params.cores, banking: params.banking, banks: params.banks, tcdmBytes: params.tcdmBytes },
    };
  },
  variant(req, side) {
    return { ...req, config: side };
  },
  // Two levels: the cores' blocks (u_core_*.u_dotp_unit, summed over the cores) and the fabric's.
  breakdownDepth: 2,
};

/** --cores/--banking size a cluster; anywhere else they would be ignored, so they are refused. */
function refuseClusterSize(req: TargetRequest, name: string): void {
  const flag = req.cores !== undefined ? '--cores' : req.banking !== undefined ? '--banking' : undefined;
  if (flag) throw new UserError(`${flag} applies to --target cluster, not --target ${name}`, flag);
}

/** Every synthesis target, by its --target name. */
export const TARGETS: Record<string, Target> = {
  module: moduleTarget,
  core: coreTarget,
  cluster: clusterTarget,
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
