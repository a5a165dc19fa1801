import { CORE_CONFIGS } from '../core/configs.ts';
import { DEFAULT_SIZES, PERIPH_BASE, TCDM_BASE } from '../platform/memory-map.ts';
import { UserError } from '../util/errors.ts';
import { isPowerOfTwo, MAX_MASTERS } from './params.ts';

/** What a user chooses about a cluster (CLI flags, `runClusterProgram`, the sweep). */
export interface ClusterOptions {
  /** Cores, 1..MAX_CLUSTER_CORES. */
  cores: number;
  /** Banking factor: TCDM banks per core, a power of two (banks = cores x banking, rounded up to a power of two). */
  banking?: number;
  /** Core configuration, a name of CORE_CONFIGS. */
  config?: string;
  /** TCDM bytes, a power of two (default: the golden model's, so lockstep sees the same map). */
  tcdmBytes?: number;
  /** L2 bytes served by the harness (default: the golden model's). */
  l2Bytes?: number;
  /** DMA read-ahead FIFO depth. */
  dmaFifoDepth?: number;
  /** Responses the L2 port may owe at once. */
  l2Outstanding?: number;
}

/** Every parameter resolved, plus what follows from them (banks, words per bank). */
export interface ClusterParams {
  cores: number;
  banking: number;
  config: string;
  tcdmBytes: number;
  l2Bytes: number;
  dmaFifoDepth: number;
  l2Outstanding: number;
  banks: number;
  bankWords: number;
}

/** The fabric takes up to 31 cores (32 masters with the DMA); 16 is the tested ceiling of the paper's range. */
export const MAX_CLUSTER_CORES = MAX_MASTERS - 1;

/**
 * The cluster's defaults: the one place they are written. The CLI flags, the generators' own defaults
 * (cluster, fabric, peripherals, event unit) and the library callers all derive from it; the TCDM and
 * L2 sizes are the platform memory map's (src/platform/memory-map.ts), so lockstep sees one map.
 */
export const CLUSTER_DEFAULTS = {
  cores: 8,
  banking: 2,
  config: 'baseline',
  tcdmBytes: DEFAULT_SIZES.tcdm,
  l2Bytes: DEFAULT_SIZES.l2,
  dmaFifoDepth: 4,
  l2Outstanding: 4,
} as const;

const nextPowerOfTwo = (n: number) => 2 ** Math.ceil(Math.log2(n));

/**
 * Checks and completes cluster options. Errors name the parameter as its CLI flag (`--cores`, ...), so the
 * CLI, the sweep and library callers report the same message.
 */
export function resolveClusterParams(o: ClusterOptions): ClusterParams {
  const int = (v: number, flag: string, min: number, max: number) => {
    if (!Number.isInteger(v) || v < min || v > max) throw new UserError(`${flag} must be an integer in ${min}..${max}, got ${v}`, flag);
  };
  const pow2 = (v: number, flag: string, min: number, max: number) => {
    if (!isPowerOfTwo(v) || v < min || v > max) throw new UserError(`${flag} must be a power of two in ${min}..${max}, got ${v}`, flag);
  };
  int(o.cores, '--cores', 1, MAX_CLUSTER_CORES);
  const banking = o.banking ?? CLUSTER_DEFAULTS.banking;
  pow2(banking, '--banking', 1, 16);
  const config = o.config ?? CLUSTER_DEFAULTS.config;
  if (!CORE_CONFIGS[config]) throw new UserError(`unknown core configuration '${config}' (available: ${Object.keys(CORE_CONFIGS).join(', ')})`, '--config');
  const tcdmBytes = o.tcdmBytes ?? CLUSTER_DEFAULTS.tcdmBytes;
  const tcdmMax = PERIPH_BASE - TCDM_BASE;
  pow2(tcdmBytes, '--tcdm-size', 1024, tcdmMax);
  const l2Bytes = o.l2Bytes ?? CLUSTER_DEFAULTS.l2Bytes;
  pow2(l2Bytes, '--l2-size', 4096, 1 << 30);
  const dmaFifoDepth = o.dmaFifoDepth ?? CLUSTER_DEFAULTS.dmaFifoDepth;
  int(dmaFifoDepth, '--dma-fifo', 1, 64);
  const l2Outstanding = o.l2Outstanding ?? CLUSTER_DEFAULTS.l2Outstanding;
  int(l2Outstanding, '--l2-outstanding', 1, 64);
  const banks = nextPowerOfTwo(o.cores * banking);
  if (banks > 256) throw new UserError(`${o.cores} cores x banking ${banking} needs ${banks} banks; the interconnect takes at most 256`, '--banking');
  const bankWords = tcdmBytes / 4 / banks;
  if (bankWords < 2) throw new UserError(`a TCDM of ${tcdmBytes} bytes leaves less than 2 words per bank for ${banks} banks`, '--tcdm-size');
  return { cores: o.cores, banking, config, tcdmBytes, l2Bytes, dmaFifoDepth, l2Outstanding, banks, bankWords };
}

/** Every parameter of the default cluster (the generators' defaults). */
export function defaultClusterParams(): ClusterParams {
  return resolveClusterParams({ cores: CLUSTER_DEFAULTS.cores });
}

/** A short stable name of a parameter set: build directories, bench keys. */
export function clusterTag(p: ClusterParams): string {
  return `${p.config}-n${p.cores}-b${p.banks}-t${p.tcdmBytes >> 10}k`;
}

/** Parses the CLI's cluster flags (strings) into options; bad numbers are reported with their flag. */
export function clusterOptionsFromFlags(flags: { cores?: string; banking?: string; config?: string }): ClusterOptions {
  const num = (v: string | undefined, flag: string): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new UserError(`${flag} must be a number, got '${v}'`, flag);
    return n;
  };
  const options: ClusterOptions = { cores: num(flags.cores, '--cores') ?? CLUSTER_DEFAULTS.cores, banking: num(flags.banking, '--banking'), config: flags.config };
  resolveClusterParams(options);
  return options;
}
