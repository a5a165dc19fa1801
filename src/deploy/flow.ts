/**
 * The deployment flow end to end: import → TS reference (checked against the model's own reference
 * activations when it has them) → lowering → L2 plan → code generation → build → run (golden cluster or
 * RTL) → every layer's device output compared with the TS reference → report.
 */
import { dirname } from 'node:path';
import type { Config } from '../isa/index.ts';
import { readElfFile } from '../elf/read.ts';
import { DEFAULT_SIZES, TCDM_BASE } from '../platform/memory-map.ts';
import { tcdmBytesUsed } from '../kernels/cluster/results.ts';
import { UserError } from '../util/errors.ts';
import { buildProgram } from './build.ts';
import { fixedTcdmBytes, generateProgram } from './codegen.ts';
import { type CompareResult, compareActivations, compareWithReference } from './compare.ts';
import { runOnGolden } from './golden.ts';
import { importOnnxFile } from './import/import.ts';
import type { Network } from './ir.ts';
import { type DeviceNet, lowerNetwork } from './lower.ts';
import { planMemory } from './plan.ts';
import { planTiling } from './tiling.ts';
import { applyPolicy, parsePolicy, policyText, resolvePolicy } from './bits.ts';
import { findReference } from './refdata.ts';
import { type Activations, runReference } from './reference.ts';
import type { RunReadback } from './results.ts';
import { runOnRtl } from './rtl.ts';
import { packWords } from './packed.ts';

export interface DeployOptions {
  model: string;
  config: Config;
  cores: number;
  tcdm?: number;
  l2?: number;
  run: 'golden' | 'rtl' | 'none';
  lockstep?: boolean;
  out?: string;
  reference?: string;
  /** Mixed-precision policy (bits.ts; default '*:a8w8'). */
  bits?: string;
  /** Alters the lowered network before code generation (tests: a wrong constant must be caught). */
  alterLowered?: (dev: DeviceNet) => void;
  /** Run every layer on the generic deployment kernels, not the build's fused pipeline (default false). */
  generic?: boolean;
}

export interface LayerReport {
  index: number;
  op: string;
  /** the C kernel that runs it */
  kernel: string;
  nodes: string[];
  shape: [number, number, number];
  macs: number;
  /** the tile shape the search chose: output rows per band, output channels per tile */
  tile: { rows: number; channels: number };
  tiles: number;
  dma_bytes: number;
  /** TCDM bytes of the layer's (double) buffers */
  tcdm_bytes: number;
  /** the smallest TCDM (bytes) that holds this layer's smallest legal tile */
  tcdm_min: number;
  /** the planner's cost-model estimate (cycles) and how many shapes it searched / found fitting */
  est_cycles: number;
  shapes_searched: number;
  shapes_fitting: number;
  cycles?: number;
  mac_per_cycle?: number;
  instr_max?: number;
  reference: string;
  bit_exact?: boolean;
}

export interface DeployReport {
  network: string;
  conventions: string[];
  config: Config;
  cores: number;
  bits: string;
  run: DeployOptions['run'];
  /** where the expected activations come from */
  reference: string;
  /** the TS execution of the imported graph against the model's own reference data */
  import_check?: { bit_exact: boolean; layers_matched: number; layers: number; references_matched: number; references: number; first_mismatch?: CompareResult['firstMismatch'] };
  bit_exact?: boolean;
  first_mismatch?: CompareResult['firstMismatch'];
  cycles?: number;
  macs: number;
  mac_per_cycle?: number;
  l2_peak_bytes: number;
  l2_arena_bytes: number;
  l2_without_reuse_bytes: number;
  tcdm_bytes: number;
  host_tail: string[];
  /** residual sums wider than a byte, saturated to [0, 255] as the reference deployment does */
  saturated: string[];
  elf?: string;
  seconds: { import: number; build?: number; run?: number };
  layers: LayerReport[];
}

function inputOf(net: Network, ref: ReturnType<typeof findReference>): { input: Float64Array; source: string } {
  if (ref) {
    const i = ref.input;
    if (i.h * i.w * i.c !== net.input.h * net.input.w * net.input.c) throw new UserError(`reference input has ${i.data.length} values, the network takes ${net.input.h * net.input.w * net.input.c}`, ref.dir);
    return { input: i.data, source: ref.kind };
  }
  // No reference data: a deterministic pseudo-random input over the input's range (xorshift32, seed 1).
  const n = net.input.h * net.input.w * net.input.c;
  const input = new Float64Array(n);
  let s = 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    input[i] = net.input.lo + (s % (net.input.hi - net.input.lo + 1));
  }
  return { input, source: 'ts-reference (random input, seed 1)' };
}

export async function deploy(o: DeployOptions): Promise<DeployReport> {
  const t0 = performance.now();
  const imported = importOnnxFile(o.model);
  const ref = findReference(o.reference ?? dirname(o.model));
  const { input: importedInput, source } = inputOf(imported, ref);
  const importedActs: Activations = runReference(imported, importedInput);
  // --bits: the requantized network (checked against its own TS execution, not the model's data)
  const precs = resolvePolicy(imported, parsePolicy(o.bits ?? '*:a8w8'));
  const mixed = precs.some((p) => p.a !== 8 || p.w !== 8);
  const { net, input, tensorBits } = mixed ? applyPolicy(imported, precs, importedInput) : { net: imported, input: importedInput, tensorBits: undefined };
  const expected: Activations = mixed ? runReference(net, input) : importedActs;
  let importCheck: DeployReport['import_check'];
  if (ref) {
    const c = compareWithReference(imported, importedActs, ref.tensors);
    importCheck = {
      bit_exact: c.bitExact,
      layers_matched: c.layers.filter((l) => l.status === 'match').length,
      layers: c.layers.length,
      references_matched: c.referencesMatched,
      references: c.referencesTotal,
      first_mismatch: c.firstMismatch,
    };
  }
  // packed sub-byte tensors and kernels for the narrowed tensors and weights (not with --generic kernels)
  const dev = lowerNetwork(net, o.generic ? {} : { tensorBits, weightBits: precs.map((p) => p.w) });
  o.alterLowered?.(dev);
  const plan = planMemory(dev);
  const sizes = { tcdm: o.tcdm ?? DEFAULT_SIZES.tcdm, l2: o.l2 ?? DEFAULT_SIZES.l2 };
  const inDev = dev.tensors.get(net.input.name)!;
  const inBytes = new Uint8Array(inDev.h * inDev.w * inDev.c).fill(inDev.zp);
  const c0 = net.input.c;
  input.forEach((v, i) => (inBytes[Math.floor(i / c0) * inDev.c + (i % c0)] = v + inDev.zp));
  const inImage = inDev.bits < 8 ? new Uint8Array(packWords(inBytes, inDev.bits).buffer) : inBytes;
  const fixed = fixedTcdmBytes(dev, o.cores, !o.generic);
  if (fixed > sizes.tcdm) throw new UserError(`the program needs ${fixed} bytes of TCDM (im2col rows, scratch and stacks of ${o.cores} cores), the cluster has ${sizes.tcdm}: the smallest TCDM that fits is ${fixed}`, '--tcdm');
  const budget = sizes.tcdm - fixed - 16;
  const tilings = planTiling(dev, o.config, o.cores, !o.generic, budget, fixed + 16);
  const prog = generateProgram(dev, plan, inImage, o.cores, !o.generic, tilings, o.config);
  const l2Peak = plan.arenaBytes + plan.weightBytes + plan.inputBytes;
  if (l2Peak + plan.dumpBytes > sizes.l2) throw new UserError(`the network needs ${l2Peak} bytes of L2 (+ ${plan.dumpBytes} of layer dumps), the cluster has ${sizes.l2}`, '--l2');
  const tImport = (performance.now() - t0) / 1000;
  const layers: LayerReport[] = dev.layers.map((l) => {
    const t = dev.tensors.get(l.output)!;
    const kernel =
      l.kind === 'conv' && l.packed
        ? `linear_requant_pixels a${l.packed.a}w${l.packed.w}o${l.packed.out} (${o.config})`
        : l.kind === 'add' && l.packed ? `dp_padd_run (a${l.packed.a} b${l.packed.b} o${l.packed.out})` : l.kind === 'conv' && l.fast && !o.generic ? `linear_requant_pixels (${o.config})` : `dp_${l.kind}_run`;
    const tl = tilings.get(l.index)!;
    return {
      index: l.index, op: l.kind === 'conv' && l.layer.op === 'gemm' ? 'gemm' : l.kind, kernel, nodes: l.layer.nodes, shape: [t.h, t.w, t.c], macs: l.macs,
      tile: tl.shape, tiles: tl.tiles.length, dma_bytes: tl.dmaBytes, tcdm_bytes: tl.bytes, tcdm_min: fixed + 16 + tl.minBytes,
      est_cycles: Math.round(tl.cost), shapes_searched: tl.searched, shapes_fitting: tl.fitting,
      reference: importCheck && !mixed ? source : 'ts-reference',
    };
  });
  const macs = dev.layers.reduce((s, l) => s + l.macs, 0);
  const report: DeployReport = {
    network: o.model,
    conventions: net.conventions,
    config: o.config,
    cores: o.cores,
    bits: policyText(net, precs),
    run: o.run,
    reference: mixed
      ? `ts-reference of the requantized network (--bits ${o.bits}; the model's own data describe the 8-bit network)`
      : importCheck?.bit_exact ? `${source} (the TS execution of the imported graph equals it at every layer)` : 'ts-reference',
    import_check: importCheck,
    macs,
    l2_peak_bytes: l2Peak,
    l2_arena_bytes: plan.arenaBytes,
    l2_without_reuse_bytes: plan.naiveBytes,
    tcdm_bytes: prog.tcdmBytes,
    host_tail: net.hostTail,
    saturated: net.saturated ?? [],
    seconds: { import: tImport },
    layers,
  };
  if (o.run === 'none') {
    if (o.out) await buildProgram(prog, o.config, o.out);
    return report;
  }
  const t1 = performance.now();
  const built = await buildProgram(prog, o.config, o.out);
  report.elf = built.elf;
  // The linked program's TCDM footprint (its .l1_bss end) against the cluster's: the plan's accounting, checked.
  const used = tcdmBytesUsed(await readElfFile(built.elf), TCDM_BASE);
  if (used > sizes.tcdm) throw new UserError(`the program's TCDM sections take ${used} bytes, the cluster has ${sizes.tcdm}`, '--tcdm');
  report.tcdm_bytes = used;
  report.seconds.build = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  let rb: RunReadback;
  if (o.run === 'golden') rb = await runOnGolden(built.elf, o.config, o.cores, o.cores, dev, plan, sizes);
  else rb = await runOnRtl(built.elf, o.config, o.cores, o.cores, dev, plan, sizes, { lockstep: o.lockstep ?? false });
  report.seconds.run = (performance.now() - t2) / 1000;
  const cmp = compareActivations(net, rb.acts, expected);
  report.bit_exact = cmp.bitExact;
  report.first_mismatch = cmp.firstMismatch;
  report.cycles = rb.cycles.reduce((a, b) => a + b, 0);
  report.mac_per_cycle = macs / report.cycles;
  layers.forEach((l, i) => {
    l.cycles = rb.cycles[i];
    l.mac_per_cycle = l.macs / rb.cycles[i]!;
    l.instr_max = Math.max(...rb.instr[i]!);
    l.bit_exact = cmp.layers[i]!.status === 'match';
  });
  return report;
}
