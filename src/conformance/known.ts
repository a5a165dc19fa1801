import { parseName, type Family, type KernelEntry } from './catalog.ts';
import type { KernelResult } from './run.ts';

/**
 * The kernels that cannot pass for a reason in the kernel itself (docs/conformance.md lists each with the
 * upstream line). A rule names the kernels it covers and what the bug does to a run: the calls it can make
 * wrong (the failing calls must be among the union over the rules that cover the kernel, and the run must
 * otherwise end well), or the run's message (build or trap). A failure that matches no rule stays a
 * failure; a lockstep mismatch is never explained (the kernel cannot make the RTL and the golden model differ).
 */
export interface KnownBug {
  id: string;
  families: readonly Family[];
  /** The kernels of those families it covers (name parts as the catalog reads them). */
  covers(k: Pick<KernelEntry, 'kind' | 'fmts' | 'tile' | 'name'>): boolean;
  /** The call labels whose outputs the bug makes wrong. */
  calls?: readonly string[];
  /** Or: the run's message (a build failure, a trap). */
  message?: RegExp;
  /** Only on the cluster (a path the one-core shapes never take: several cores split the work unevenly). */
  clusterOnly?: boolean;
  reason: string;
}

const BIAS = ['bn+relu', 'relu', 'shift'];
const ALL = ['bn+relu', 'relu', 'shift', 'bn+relu, no bias'];
const layer = (kind: string) => ['conv', 'pointwise', 'conv1d', 'matmul'].includes(kind);

export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    id: 'v2-unsigned-clip',
    families: ['XpulpV2'],
    covers: (k) => ['conv', 'pointwise', 'matmul'].includes(k.kind) && k.fmts[1].signed,
    calls: ['shift'],
    reason: 'signed outputs: the no-ReLU path clips with the unsigned clip<n> instead of clips<n> (matmul, and the conv/pointwise calling it)',
  },
  {
    id: 'avgpool-bitext_u',
    families: ['XpulpV2', 'XpulpNN', 'XpulpNN-mixed'],
    covers: (k) => k.kind === 'avgpool' && !k.fmts[0].signed,
    message: /^build failed: .*undefined reference to `?'?bitext_u/,
    reason: 'unsigned-input avgpool calls bitext_u, defined nowhere: does not link',
  },
  {
    id: 'avgpool-unsigned-division',
    families: ['XpulpV2', 'XpulpNN', 'XpulpNN-mixed'],
    covers: (k) => k.kind === 'avgpool' && k.fmts[0].signed,
    calls: ['average'],
    reason: 'signed-input avgpool, average path: int32 sum / uint32 kernel_size_tot is an unsigned division',
  },
  {
    id: 'v2-maxpool-uninitialized-pointer',
    families: ['XpulpV2'],
    covers: (k) => k.kind === 'maxpool' && k.fmts[0].bits < 8,
    message: /(ended with bus-error|bus error)/,
    reason: 'sub-byte maxpool: pulp_nn_utils.h stores through an uninitialized pointer (address 0)',
  },
  {
    id: 'depthwise-bias-by-group',
    families: ['XpulpV2', 'XpulpNN'],
    covers: (k) => k.kind === 'depthwise' && k.fmts.some((f) => f.bits < 8),
    calls: BIAS,
    reason: 'depthwise with a sub-byte input, output or weight: bias read as pBias[i_ch] with i_ch counting channel groups',
  },
  {
    id: 'xnn-linear-bias-byte',
    families: ['XpulpNN'],
    covers: (k) => k.kind === 'linear' && k.fmts[1].bits < 8,
    calls: BIAS,
    reason: 'sub-byte-output linear: the second neuron\'s bias read as the byte pBias[i + 1]',
  },
  {
    id: 'xnn-linear-kappa-not-advanced',
    families: ['XpulpNN'],
    covers: (k) => k.kind === 'linear' && k.fmts[1].bits === 8,
    calls: ['bn+relu', 'bn+relu, no bias'],
    reason: '8-bit-output linear: the bn+relu path never advances k1/lambda1',
  },
  {
    id: '4x4-bias-pixels-3-4',
    families: ['XpulpNN', 'XpulpNN-mixed'],
    covers: (k) => layer(k.kind) && k.tile === '4x4',
    calls: BIAS,
    reason: '4x4 tiles: the bias is loaded into the accumulators of pixels 1 and 2 only',
  },
  {
    id: 'mix-4x4-u4-stores',
    families: ['XpulpNN-mixed'],
    covers: (k) => layer(k.kind) && k.tile === '4x4' && k.fmts[1].bits === 4,
    calls: ['relu', 'shift'],
    reason: 'mixed 4x4 tiles, 4-bit outputs: the relu path never advances pOut4 (its two stores hit one byte), the shift path never stores pixel 3\'s second byte (pOut3++ without *pOut3 =)',
  },
  {
    id: 'xnn-4x4-u4-shift-store',
    families: ['XpulpNN'],
    covers: (k) => layer(k.kind) && k.tile === '4x4' && k.fmts[1].bits === 4,
    calls: ['shift'],
    reason: 'XpulpNN 4x4 tiles, 4-bit outputs: the shift path stores pixel 4\'s first byte only (pOut4++ twice, one *pOut4 =)',
  },
  {
    id: 'mix-conv-4x4-shift-precedence',
    families: ['XpulpNN-mixed'],
    covers: (k) => k.kind === 'conv' && k.tile === '4x4',
    calls: ALL,
    reason: 'mixed conv 4x4: the fourth pixel\'s pointer is pOutBuffer + (ch_out_r << 1 + ch_out_r) (precedence)',
  },
  {
    id: 'xnn-conv1d-4x4-leftover',
    families: ['XpulpNN'],
    covers: (k) => k.kind === 'conv1d' && k.tile === '4x4',
    clusterOnly: true,
    calls: ALL,
    reason: 'conv1d 4x4 tiles, a per-core chunk not a multiple of 4 (16 pixels on 8 cores: 2 each): the leftover path computes only the first leftover pixel (pB = pIm2ColBase, never advanced) and reads the bias as bytes (*pBias++ of an int8_t *); the other leftover pixels are never written',
  },
  {
    id: 'v2-linear-i4-unpack',
    families: ['XpulpV2'],
    covers: (k) => k.kind === 'linear' && k.fmts[0].bits === 2 && k.fmts[1].bits === 2 && k.fmts[2].bits === 4,
    calls: ALL,
    reason: 'linear_{u2,i2}_{u2,i2}_i4: neurons 3 and 4 unpacked from neurons 1 and 2\'s weights',
  },
  {
    id: 'mix-no-ivec-fmt',
    families: ['XpulpNN-mixed'],
    covers: (k) => ['conv', 'matmul'].includes(k.kind) && k.fmts[0].bits === 2 && k.fmts[2].bits === 4,
    message: /^trapped: mcause 2 at pc /,
    reason: 'mix u2 x i4: never writes ivec_fmt, the first Mac&Load traps on format 0 (spec §5.2)',
  },
];

/** The rules covering a kernel. */
export function bugsOf(family: string, name: string): KnownBug[] {
  const parsed = parseName(name, name);
  if (!parsed) return [];
  const k = { ...parsed, name };
  return KNOWN_BUGS.filter((b) => (b.families as readonly string[]).includes(family) && b.covers(k));
}

/** A run that did not end well (its message is more than the list of wrong calls). */
const badEnd = (r: KernelResult) => /^(trapped|ended with|core ended|cluster ended|cluster RTL ended|lockstep mismatch|build failed)/.test(r.message);

/**
 * The result with a failure the known bugs explain turned into `explained` (with the rules' ids and
 * reasons); anything else unchanged. Pure: applied again to a stored row, it gives the same answer.
 */
export function explain(r: KernelResult): KernelResult {
  const raw: KernelResult = r.status === 'explained' ? { ...r, status: 'fail', explanation: undefined } : r;
  if (raw.status !== 'fail' || raw.message.startsWith('lockstep mismatch')) return raw;
  const bugs = bugsOf(raw.family, raw.kernel).filter((b) => !b.clusterOnly || raw.cores > 1);
  const byMessage = bugs.filter((b) => b.message?.test(raw.message));
  const byCalls = bugs.filter((b) => b.calls);
  let hits: KnownBug[] = [];
  if (byMessage.length) hits = byMessage;
  else if (byCalls.length && !badEnd(raw) && raw.calls.length) {
    const expected = new Set(byCalls.flatMap((b) => b.calls!));
    const failing = raw.calls.filter((c) => !c.ok).map((c) => c.label);
    // A subset: a value the bug changes may clip to the same output (a dropped bias under a 2-bit ReLU), so a
    // bias bug shows in one, two or all of the bias calls, but never in a call it cannot touch.
    // Named: the rules that can make one of the failing calls wrong.
    if (failing.length && failing.every((l) => expected.has(l))) hits = byCalls.filter((b) => failing.some((l) => b.calls!.includes(l)));
  }
  if (!hits.length) return raw;
  return { ...raw, status: 'explained', explanation: hits.map((b) => `${b.id}: ${b.reason}`).join('; ') };
}
