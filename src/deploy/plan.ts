/**
 * L2 memory plan: lifetime-based allocation of the activations in one arena. A tensor lives from the
 * layer that writes it to the last layer that reads it (the network output to the end); tensors are placed
 * largest first at the lowest offset that overlaps no placed tensor whose lifetime overlaps (first fit,
 * 4-byte aligned). The network input has its own initialized buffer. Every layer output also gets a dump
 * slot (the driver copies it there between layers, outside the timed regions) for the layer-by-layer check.
 */
import type { DeviceNet } from './lower.ts';

export interface Placement {
  name: string;
  offset: number;
  bytes: number;
  first: number;
  last: number;
}

export interface MemoryPlan {
  /** arena offset of every activation but the input */
  placements: Map<string, Placement>;
  arenaBytes: number;
  /** dump slot offset of every layer output */
  dump: Map<string, number>;
  dumpBytes: number;
  weightBytes: number;
  inputBytes: number;
  /** bytes the arena would need without reuse (every tensor its own buffer) */
  naiveBytes: number;
}

export function planMemory(dev: DeviceNet): MemoryPlan {
  const { net } = dev;
  const last = new Map<string, number>();
  const first = new Map<string, number>();
  for (const l of net.layers) {
    first.set(l.output, l.index);
    for (const i of l.inputs) last.set(i, l.index);
  }
  last.set(net.output, net.layers.length);
  const items: Placement[] = net.layers.map((l) => ({
    name: l.output,
    offset: 0,
    bytes: dev.tensors.get(l.output)!.bytes,
    first: first.get(l.output)!,
    last: last.get(l.output) ?? first.get(l.output)!,
  }));
  const placed: Placement[] = [];
  for (const it of [...items].sort((a, b) => b.bytes - a.bytes || a.first - b.first)) {
    const busy = placed.filter((p) => p.first <= it.last && it.first <= p.last).sort((a, b) => a.offset - b.offset);
    let off = 0;
    for (const p of busy) {
      if (off + it.bytes <= p.offset) break;
      off = Math.max(off, p.offset + p.bytes);
    }
    it.offset = off;
    placed.push(it);
  }
  const arenaBytes = placed.reduce((m, p) => Math.max(m, p.offset + p.bytes), 0);
  const dump = new Map<string, number>();
  let d = 0;
  for (const it of items) {
    dump.set(it.name, d);
    d += it.bytes;
  }
  // packed layers keep their packed weight words and κ, λ in L2
  const weightBytes = dev.layers.reduce((s, l) => s + (l.kind === 'conv' && l.packed ? 4 * l.packed.weights.length + 8 * l.packed.kappa.length : 'weights' in l ? l.weights.length + 4 * l.bias.length : 0), 0);
  return {
    placements: new Map(placed.map((p) => [p.name, p])),
    arenaBytes,
    dump,
    dumpBytes: d,
    weightBytes,
    inputBytes: dev.tensors.get(net.input.name)!.bytes,
    naiveBytes: items.reduce((s, i) => s + i.bytes, 0),
  };
}
