import { ensureUnpacked } from '../conformance/archive.ts';
import { FAMILIES, FAMILY_CONFIG, listKernels, type Family, type KernelEntry } from '../conformance/catalog.ts';
import type { Case } from '../conformance/case.ts';
import { convCaseOf } from '../conformance/kinds/conv.ts';
import { includeDirOf, runConformance } from '../conformance/run.ts';
import { ACT_SIGNED, WEIGHT_SIGNED, type Bits, type Build } from '../kernels/formats.ts';
import type { Rng } from '../randprog/rng.ts';
import { UserError } from '../util/errors.ts';
import { paperShape } from './layer.ts';
import type { PaperRow, Timing } from './row.ts';

/**
 * PULP-NN-mixed's convolution on the paper layer, unmodified, through the conformance suite's builtin
 * header and driver: the family a build first runs (XpulpV2 on baseline, XpulpNN on xpulpnn, XpulpNN-mixed
 * on flexv), the kernel `conv_u<a>_u<a>_i<w>` (activations unsigned, weights signed, output = activation
 * precision, as flexv's kernels). One call, the `bn+relu` path (kappa/lambda per channel, bias, shift: the
 * requantization flexv's kernels do), timed barrier to barrier on the cluster.
 */
export const REQUANT_LABEL = 'bn+relu';

/** The PULP-NN-mixed family a build runs (the first configuration of each family, catalog.ts). */
export function familyOfBuild(build: Build): Family {
  const f = FAMILIES.find((x) => FAMILY_CONFIG[x] === build);
  if (!f) throw new UserError(`no PULP-NN-mixed family targets the '${build}' build`, '--builds');
  return f;
}

const sameFmt = (f: { signed: boolean; bits: number }, signed: boolean, bits: number) => f.signed === signed && f.bits === bits;

/** The family's 3x3-capable conv kernel of a pair (found by its precisions, not by a retyped name). */
export function pulpConvKernel(all: readonly KernelEntry[], family: Family, a: Bits, w: Bits): KernelEntry {
  const k = all.find((e) => e.family === family && e.kind === 'conv' && !e.tile &&
    sameFmt(e.fmts[0], ACT_SIGNED, a) && sameFmt(e.fmts[1], ACT_SIGNED, a) && sameFmt(e.fmts[2], WEIGHT_SIGNED, w));
  if (!k) throw new UserError(`PULP-NN-mixed ${family} has no conv kernel for a${a}w${w}`);
  return k;
}

export interface PulpRunOptions {
  /** Catalog convolution giving the layer (default conv3x3). */
  layer: string;
  cores: number;
  timing: Timing;
  /** RTL: compare every retirement with the golden cluster model too (slower). */
  lockstep?: boolean;
  seed?: number;
  /** Applied to the case before it runs (the tests plant a wrong expected output with it). */
  adjust?: (c: Case) => Case;
}

export async function runPulpConv(a: Bits, w: Bits, build: Build, o: PulpRunOptions): Promise<PaperRow> {
  const root = await ensureUnpacked();
  const family = familyOfBuild(build);
  const all = listKernels(root, [family]);
  const k = pulpConvKernel(all, family, a, w);
  const shape = paperShape(o.layer);
  const caseOf = (kk: KernelEntry, cores: number, rng: Rng): Case => {
    const c = convCaseOf(shape)(kk, cores, rng);
    const calls = c.calls.filter((x) => x.label === REQUANT_LABEL);
    if (calls.length !== 1) throw new Error(`paper: the conv driver has no single '${REQUANT_LABEL}' call`);
    const one = { ...c, calls };
    return o.adjust ? o.adjust(one) : one;
  };
  const r = await runConformance(k, all.filter((e) => e.family === family), includeDirOf(root, family), build,
    o.timing === 'rtl' ? 'cluster-rtl' : 'cluster-golden', { seed: o.seed, clusterCores: o.cores, caseOf, lockstep: o.lockstep ?? false });
  const call = r.calls[0];
  return {
    software: 'pulp-nn-mixed', build, a, w, out: a, cores: o.cores, kernel: k.name, family, layer: o.layer,
    macs: call?.macs ?? 0, cycles: call?.cycles ?? 0, mac_per_cycle: r.macPerCycle, timing: o.timing,
    ...(r.conflicts === undefined ? {} : { conflicts: r.conflicts, stall_cycles: r.stallCycles }),
    bit_exact: r.status === 'pass', note: r.message,
  };
}
