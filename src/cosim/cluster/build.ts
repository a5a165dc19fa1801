import { execa } from 'execa';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emitCluster } from '../../cluster/cluster.ts';
import { clusterTag, type ClusterOptions, type ClusterParams } from '../../cluster/cluster-params.ts';
import { defaultCacheDir, PROJECT_ROOT, requireCxxToolchain, verilatorVersion } from '../../sim/verilator.ts';
import { UserError } from '../../util/errors.ts';
import { requireTool } from '../../util/tools.ts';
import { clusterPortsHeader, clusterVerilatorConfig, tcdmPreloadCode } from './ports.ts';
import { CLUSTER_SIM_TOP, clusterSimTop } from './sim-top.ts';

export const CLUSTER_HARNESS = join(PROJECT_ROOT, 'sim', 'cluster', 'harness.cpp');
/** The image loader the harnesses share, copied beside the harness and hashed with it. */
export const IMAGE_HEADER = join(PROJECT_ROOT, 'sim', 'common', 'image.h');
const DONE = 'flexv-build.json';
/** As the single-core build (src/cosim/build.ts): optimised model, warnings left to the lint test. */
const VERILATOR_FLAGS = ['--cc', '--exe', '-O3', '--no-timing', '-Wno-fatal', '-Wno-lint', '-Wno-style', '--x-assign', 'fast', '--x-initial', 'fast'];
const MAKE_VARS = ['OPT_FAST=-O2', 'OPT_SLOW=-O1', 'OPT_GLOBAL=-O2'];

export interface ClusterBuildOptions {
  /** Build with FST tracing (for `--fst` windows). */
  trace?: boolean;
  /** Verilator `--threads N` (1: single-threaded model). */
  threads?: number;
}

export interface ClusterSim {
  exe: string;
  params: ClusterParams;
  trace: boolean;
  /** True when this call built the model (false: taken from the cache). */
  built: boolean;
  buildSeconds: number;
  /** Elaborate + emit of the cluster, seconds (0 when the model came from this process's memo). */
  emitSeconds: number;
}

const memo = new Map<string, Promise<ClusterSim>>();

/**
 * The Verilator executable of a cluster with sim/cluster/harness.cpp around the cluster sim top
 * (src/cosim/cluster/sim-top.ts), built once and cached by the content of the emitted SV, the sim top, the
 * harness and the image loader, the generated port header, the flags and the Verilator version
 * (build/verilator/cluster-*). Concurrent builders each build privately and rename into place.
 */
export function buildClusterSim(options: ClusterOptions, opts: ClusterBuildOptions = {}): Promise<ClusterSim> {
  const key = JSON.stringify([options, opts.trace ?? false, opts.threads ?? 1]);
  let p = memo.get(key);
  if (!p) {
    p = build(options, opts);
    memo.set(key, p);
    p.catch(() => memo.delete(key));
  }
  return p;
}

async function build(options: ClusterOptions, opts: ClusterBuildOptions): Promise<ClusterSim> {
  const verilator = await requireTool('verilator');
  await requireCxxToolchain();
  const trace = opts.trace ?? false;
  const threads = opts.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new UserError(`threads must be an integer in 1..64, got ${threads}`, '--threads');
  const t0 = performance.now();
  const { params, result: design } = emitCluster(options);
  const emitSeconds = (performance.now() - t0) / 1000;
  const header = clusterPortsHeader(design.ports, params.cores) + tcdmPreloadCode(design, params);
  const vlt = clusterVerilatorConfig(design);
  const harness = await readFile(CLUSTER_HARNESS, 'utf8');
  const image = await readFile(IMAGE_HEADER, 'utf8');
  const version = await verilatorVersion();
  const vflags = [...VERILATOR_FLAGS, ...(trace ? ['--trace-fst'] : []), ...(threads > 1 ? ['--threads', String(threads)] : [])];
  // the model's top is the sim top: the cluster's inputs registered, one evaluation per cycle
  const files = [...design.files.map((f) => ({ name: f.name, text: f.text })), clusterSimTop(design, params.cores)];
  const key = createHash('sha256').update(JSON.stringify({ version, vflags, MAKE_VARS, harness, header, vlt, files, image })).digest('hex').slice(0, 20);
  const root = defaultCacheDir();
  const name = `cluster-${clusterTag(params)}${trace ? '-fst' : ''}${threads > 1 ? `-t${threads}` : ''}`;
  const dir = join(root, `${name}-${key}`);
  const exe = join(dir, 'harness');
  if (existsSync(join(dir, DONE))) return { exe, params, trace, built: false, buildSeconds: 0, emitSeconds };

  const t1 = performance.now();
  const tmp = join(root, `.tmp-cluster-${key.slice(0, 8)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(join(tmp, 'rtl'), { recursive: true });
    for (const f of files) await writeFile(join(tmp, 'rtl', f.name), f.text);
    await writeFile(join(tmp, 'harness.cpp'), harness);
    await writeFile(join(tmp, 'image.h'), image);
    await writeFile(join(tmp, 'cluster_ports.h'), header);
    await writeFile(join(tmp, 'public.vlt'), vlt);
    const sv = files.filter((f) => f.name.endsWith('.sv')).map((f) => join(tmp, 'rtl', f.name));
    const obj = join(tmp, 'obj');
    const gen = await execa(
      verilator,
      [...vflags, '--top-module', CLUSTER_SIM_TOP, '--prefix', 'Vcluster', '-Mdir', obj, '-o', 'harness', '-CFLAGS', `-I${tmp}`, join(tmp, 'public.vlt'), join(tmp, 'harness.cpp'), ...sv],
      { reject: false, all: true, cwd: tmp },
    );
    if (gen.exitCode !== 0) throw new UserError(`Verilator could not build the ${name} cluster:\n${gen.all ?? ''}`);
    const make = await execa('make', ['-C', obj, '-f', 'Vcluster.mk', '-j2', ...MAKE_VARS, 'harness'], { reject: false, all: true });
    if (make.exitCode !== 0) throw new UserError(`C++ build of the cluster harness failed:\n${(make.all ?? '').split('\n').slice(-40).join('\n')}`);
    await rename(join(obj, 'harness'), join(tmp, 'harness'));
    await rm(obj, { recursive: true, force: true });
    const buildSeconds = (performance.now() - t1) / 1000;
    await writeFile(join(tmp, DONE), JSON.stringify({ params, trace, threads, version, buildSeconds, emitSeconds }, null, 2));
    try {
      await rename(tmp, dir);
    } catch (e) {
      if (!existsSync(join(dir, DONE))) throw e;
      await rm(tmp, { recursive: true, force: true });
    }
    return { exe, params, trace, built: true, buildSeconds, emitSeconds };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
