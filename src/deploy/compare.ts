/**
 * Layer-by-layer comparison of computed activations with reference tensors. A layer's output matches
 * when some reference tensor of the same size holds exactly the same values (reference files name
 * tensors after the training framework's modules, not after ONNX values, so they are matched by value).
 */
import type { Network, TensorDesc } from './ir.ts';
import type { Activations } from './reference.ts';
import type { RefTensor } from './refdata.ts';

export interface LayerCheck {
  index: number;
  output: string;
  status: 'match' | 'mismatch' | 'no-reference';
  reference?: string;
  /** mismatch: against the same-size reference with the fewest differences */
  differing?: number;
  first?: { index: number; y: number; x: number; c: number; expected: number; got: number };
}

export interface CompareResult {
  layers: LayerCheck[];
  bitExact: boolean;
  firstMismatch?: LayerCheck;
  /** reference tensors matched by some layer output / total */
  referencesMatched: number;
  referencesTotal: number;
}

export function compareWithReference(net: Network, acts: Activations, refs: RefTensor[]): CompareResult {
  const used = new Set<RefTensor>();
  const layers: LayerCheck[] = net.layers.map((l) => {
    const got = acts.get(l.output);
    const t = net.tensors.get(l.output)!;
    const cands = refs.filter((r) => r.data.length === t.h * t.w * t.c);
    if (!got || !cands.length) return { index: l.index, output: l.output, status: 'no-reference' };
    let best: { r: RefTensor; diff: number; first: number } | undefined;
    for (const r of cands) {
      let diff = 0, first = -1;
      for (let i = 0; i < got.length; i++) if (got[i] !== r.data[i]) { diff++; if (first < 0) first = i; }
      if (!best || diff < best.diff) best = { r, diff, first };
      if (diff === 0) break;
    }
    if (best!.diff === 0) {
      used.add(best!.r);
      return { index: l.index, output: l.output, status: 'match', reference: best!.r.name };
    }
    return { index: l.index, output: l.output, status: 'mismatch', reference: best!.r.name, differing: best!.diff, first: position(t, best!.first, best!.r.data[best!.first]!, got[best!.first]!) };
  });
  const firstMismatch = layers.find((l) => l.status === 'mismatch');
  return { layers, bitExact: !firstMismatch && layers.some((l) => l.status === 'match'), firstMismatch, referencesMatched: used.size, referencesTotal: refs.length };
}

/** Compares two full activation sets of the same network (e.g. a run against the TS reference). */
export function compareActivations(net: Network, got: Activations, expected: Activations): CompareResult {
  const layers: LayerCheck[] = net.layers.map((l) => {
    const g = got.get(l.output), e = expected.get(l.output);
    if (!g || !e) return { index: l.index, output: l.output, status: 'no-reference' };
    const t = net.tensors.get(l.output)!;
    let diff = 0, first = -1;
    for (let i = 0; i < e.length; i++) if (g[i] !== e[i]) { diff++; if (first < 0) first = i; }
    if (!diff) return { index: l.index, output: l.output, status: 'match', reference: 'ts-reference' };
    return { index: l.index, output: l.output, status: 'mismatch', reference: 'ts-reference', differing: diff, first: position(t, first, e[first]!, g[first]!) };
  });
  const firstMismatch = layers.find((l) => l.status === 'mismatch');
  return { layers, bitExact: !firstMismatch, firstMismatch, referencesMatched: 0, referencesTotal: 0 };
}

function position(t: TensorDesc, i: number, expected: number, got: number): LayerCheck['first'] {
  const c = i % t.c, p = Math.floor(i / t.c);
  return { index: i, y: Math.floor(p / t.w), x: p % t.w, c, expected, got };
}
