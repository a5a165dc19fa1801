import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveClusterParams } from '../cluster/cluster-params.ts';
import { runClusterProgram } from '../cosim/cluster/program.ts';
import { endDifference, formatMismatch, lockstep } from '../cosim/lockstep.ts';
import { readElfFile, type ElfImage } from '../elf/read.ts';
import { Cluster, runImage } from '../iss/index.ts';
import type { Config } from '../isa/index.ts';
import { Rng } from '../randprog/rng.ts';
import { UserError } from '../util/errors.ts';
import { buildConformanceElf, dependencies } from './build.ts';
import type { KernelEntry } from './catalog.ts';
import { NoDriver, type Case } from './case.ts';
import { driverSource, outputSymbol, TRAP_END } from './driver.ts';
import { buildCase } from './kinds/index.ts';
import { explain } from './known.ts';

/** Where a conformance run happens: the golden model or the RTL (lockstep), one core or the cluster. */
export type Target = 'golden' | 'rtl' | 'cluster-golden' | 'cluster-rtl';

export interface CallResult {
  label: string;
  ok: boolean;
  cycles: number;
  macs: number;
  /** First differing output byte: index, got, expected (when not ok). */
  firstDiff?: { index: number; got: number; expected: number };
  wrongBytes: number;
}

export interface KernelResult {
  kernel: string;
  family: string;
  config: string;
  target: Target;
  cores: number;
  /**
   * pass, fail (wrong outputs or the run did not end well), explained (a failure a known kernel bug accounts
   * for exactly: known.ts), skip (no driver / not parallel).
   */
  status: 'pass' | 'fail' | 'explained' | 'skip';
  /** The known kernel bugs that explain the failure (ids and reasons), when explained. */
  explanation?: string;
  calls: CallResult[];
  /** MAC per cycle of the first call (golden model: per instruction). */
  macPerCycle: number;
  message: string;
  elf?: string;
  /** cluster-rtl: TCDM accesses refused at least once and their stall cycles (all cores and the DMA, whole program). */
  conflicts?: number;
  stallCycles?: number;
}

interface ByteReader {
  read(addr: number, size: number): number;
}

function readBytes(image: ElfImage, mem: ByteReader, symbol: string, n: number, where: string): Uint8Array {
  const s = image.symbol(symbol);
  if (!s) throw new UserError(`symbol '${symbol}' missing`, where);
  return Uint8Array.from({ length: n }, (_, i) => mem.read(s.value + i, 1) & 0xff);
}

/**
 * Compares each call's output with the reference. Cost: the call's cycles (`perf_cycles`), or with
 * `instructions` (the golden cluster model, which has no cycle timing) the retired instructions of the
 * busiest core (`perf_instr`).
 */
function judge(c: Case, image: ElfImage, mem: ByteReader, cores: number, where: string, instructions = false): CallResult[] {
  const cluster = cores > 1;
  const perf = image.symbol('perf_cycles'), instr = image.symbol('perf_instr');
  if (!perf || !instr) throw new UserError(`symbol 'perf_cycles' or 'perf_instr' missing`, where);
  return c.calls.map((call, i) => {
    const got = readBytes(image, mem, outputSymbol(i, call.output, cluster), call.expected.length, where);
    let wrong = 0;
    let firstDiff: CallResult['firstDiff'];
    for (let j = 0; j < got.length; j++) {
      if (got[j] !== call.expected[j]) {
        wrong++;
        firstDiff ??= { index: j, got: got[j], expected: call.expected[j] };
      }
    }
    const perCore = Array.from({ length: cores }, (_, j) => mem.read(instr.value + 4 * (i * cores + j), 4) >>> 0);
    const cycles = instructions ? Math.max(...perCore) : mem.read(perf.value + 4 * i, 4) >>> 0;
    return { label: call.label, ok: wrong === 0, cycles, macs: call.macs, firstDiff, wrongBytes: wrong };
  });
}

/**
 * The driver's trap handler ends a run with TRAP_END + mcause (single core: as a main() status in tohost,
 * `status << 1 | 1`; cluster: the EOC value): `trapped: mcause C at pc P` from its `trap_info`, or undefined.
 */
function trapMessage(image: ElfImage, mem: ByteReader, value: number, cluster: boolean): string | undefined {
  const v = cluster ? value : value & 1 ? value >>> 1 : -1;
  if (v < TRAP_END || v >= TRAP_END + 64) return undefined;
  const info = image.symbol('trap_info');
  const epc = info ? mem.read(info.value + 4, 4) >>> 0 : undefined;
  return `trapped: mcause ${v - TRAP_END}${epc === undefined ? '' : ` at pc 0x${epc.toString(16)}`}`;
}

function summary(calls: CallResult[]): string {
  const bad = calls.filter((c) => !c.ok);
  if (!bad.length) return `${calls.length} call(s) bit-exact`;
  return bad.map((c) => `${c.label}: ${c.wrongBytes} wrong output bytes, first at byte ${c.firstDiff!.index}: 0x${c.firstDiff!.got.toString(16)}, expected 0x${c.firstDiff!.expected.toString(16)}`).join('; ');
}

export interface RunOptions {
  seed?: number;
  /** Cluster size for the cluster targets (default 8). */
  clusterCores?: number;
  maxInstr?: number;
  /** Another case builder than the kind's (src/paper: the benchmark layer, one call). */
  caseOf?: (k: KernelEntry, cores: number, rng: Rng, source: string) => Case;
  /** cluster-rtl: compare every retirement with the golden cluster model (default true). */
  lockstep?: boolean;
}

const seedOf = (name: string, seed: number) => {
  let h = seed >>> 0;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
};

/** Builds `k`'s conformance ELF for `target` on `config` and runs it; failures of the kernel are results, not throws. */
export async function runConformance(k: KernelEntry, family: readonly KernelEntry[], includeDir: string, config: string, target: Target, opts: RunOptions = {}): Promise<KernelResult> {
  const cluster = target.startsWith('cluster');
  const cores = cluster ? (opts.clusterCores ?? 8) : 1;
  const base = { kernel: k.name, family: k.family, config, target, cores, calls: [] as CallResult[], macPerCycle: 0 };
  let c: Case;
  try {
    c = (opts.caseOf ?? buildCase)(k, cores, new Rng(seedOf(k.name, opts.seed ?? 1)), readFileSync(k.file, 'utf8'));
  } catch (e) {
    if (e instanceof NoDriver) return { ...base, status: 'skip', message: e.message };
    throw e;
  }
  if (cluster && !c.parallel) return { ...base, status: 'skip', message: 'not a parallel kernel (called per core by the layer kernels)' };
  let elf: string;
  try {
    elf = await buildConformanceElf({ cores, includeDir }, k, dependencies(k, family), driverSource(k, c, cores));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const lines = e.message.split('\n');
    const why = lines.find((l) => /undefined reference|error:/.test(l)) ?? lines[0];
    return explain({ ...base, status: 'fail', message: `build failed: ${why.replace(/^.*?\/src\//, 'src/').trim()}` });
  }
  const image = await readElfFile(elf);
  const done = (calls: CallResult[], message?: string): KernelResult => {
    const ok = calls.length === c.calls.length && calls.every((x) => x.ok);
    const first = calls[0];
    return explain({
      ...base, calls, elf, status: ok && !message ? 'pass' : 'fail',
      macPerCycle: first && first.cycles ? first.macs / first.cycles : 0,
      message: message ?? summary(calls),
    });
  };
  if (target === 'golden') {
    const r = runImage(image, elf, { config: config as Config, maxInstr: opts.maxInstr ?? 2e8 });
    const calls = judge(c, image, r.hart.mem, 1, elf);
    const trap = r.reason === 'tohost' ? trapMessage(image, r.hart.mem, r.value, false) : undefined;
    if (r.reason !== 'tohost' || r.value !== 1) return done(calls, `${trap ? `${trap}; ` : ''}ended with ${r.reason} (value ${r.value}, pc 0x${(r.hart.pc >>> 0).toString(16)}); ${summary(calls)}`);
    return done(calls);
  }
  if (target === 'rtl') {
    // The results are read from the core's own memory at the end of the run (the golden model's serves
    // only when lockstep stopped the core at a mismatch, to say which calls it would have got right).
    const r = await lockstep(config, elf, { memory: true });
    const calls = judge(c, image, r.rtlMemory ?? r.goldenMemory, 1, elf);
    if (r.mismatch) return done(calls, `lockstep mismatch: ${formatMismatch(config, r.mismatch).split('\n').slice(0, 6).join(' | ')}`);
    const trap = r.end?.reason === 'tohost' ? trapMessage(image, r.rtlMemory ?? r.goldenMemory, r.end.value, false) : undefined;
    if (!r.end || r.end.reason !== 'tohost' || r.end.value !== 1) return done(calls, `${trap ? `${trap}; ` : ''}core ended with ${r.end?.reason} (value ${r.end?.value}); ${summary(calls)}`);
    const differs = endDifference(r);
    if (differs) return done(calls, differs);
    return done(calls);
  }
  if (target === 'cluster-golden') {
    const cl = new Cluster(config as Config, cores);
    cl.load(image, elf);
    const r = cl.run(opts.maxInstr ?? 5e8);
    const calls = judge(c, image, cl.mem, cores, elf, true);
    const trap = r.reason === 'eoc' ? trapMessage(image, cl.mem, cl.mem.haltValue, true) : undefined;
    if (r.reason !== 'eoc' || cl.mem.haltValue !== 1) return done(calls, `${trap ? `${trap}; ` : ''}cluster ended with ${r.reason} (value ${cl.mem.haltValue}); ${summary(calls)}`);
    return done(calls);
  }
  const params = resolveClusterParams({ cores, config });
  let r: Awaited<ReturnType<typeof runClusterProgram>>;
  try {
    r = await runClusterProgram({ ...params, elf, lockstep: opts.lockstep ?? true, maxCycles: 50_000_000 });
  } catch (e) {
    const mismatch = e instanceof UserError ? clusterLockstepFailure(e.message) : undefined;
    if (mismatch === undefined) throw e;
    return done([], mismatch);
  }
  const l2: ByteReader = { read: (addr, size) => (size === 1 ? (r.readL2(addr & ~3) >>> (8 * (addr & 3))) & 0xff : r.readL2(addr)) };
  const calls = judge(c, image, l2, cores, elf);
  const stalls = { conflicts: r.conflicts, stallCycles: r.end.tcdmStalls.reduce((s, x) => s + x, 0) + r.end.dma.stalls };
  const trap = r.end.reason === 'eoc' ? trapMessage(image, l2, r.end.value, true) : undefined;
  if (r.end.reason !== 'eoc' || r.end.value !== 1) return { ...done(calls, `${trap ? `${trap}; ` : ''}cluster RTL ended with ${r.end.reason} (value ${r.end.value}); ${summary(calls)}`), ...stalls };
  return { ...done(calls), ...stalls };
}

/**
 * A cluster lockstep failure as a run's message (`lockstep mismatch: ...`, never explained by a kernel bug),
 * from the error runClusterProgram throws for it: a retirement that differs, or the golden cluster model
 * ending otherwise than the RTL. Undefined for any other error (a build, a bad parameter: those stop the suite).
 */
export function clusterLockstepFailure(message: string): string | undefined {
  const lines = message.split('\n');
  if (/^the golden model ended with /.test(lines[0]) || /retirements compared, 1 mismatch$/.test(lines[lines.length - 1])) {
    return `lockstep mismatch: ${lines.slice(0, 6).join(' | ')}`;
  }
  return undefined;
}

/** The include directory of a family in the unpacked tree. */
export const includeDirOf = (root: string, family: string) => join(root, family, '32bit', 'include');
