import type { ConvGeometry } from '../kernels/ref/conv.ts';
import { catalogEntry } from '../kernels/cluster/catalog.ts';
import { UserError } from '../util/errors.ts';

/**
 * The layer of the paper comparison: a convolution of the cluster kernel catalog (default `conv3x3`, the
 * benchmark layer 16x16x32 -> 64, 3x3, pad 1), read from the catalog so both software stacks run the
 * same geometry (the kernels' reference type, which the conformance drivers take too).
 */
export const PAPER_KERNEL = 'conv3x3';

export function paperShape(kernel: string): ConvGeometry {
  const s = catalogEntry(kernel).shape;
  if (s.kind !== 'conv' || catalogEntry(kernel).dma) {
    throw new UserError(`the paper comparison needs a compute-only 3x3-style convolution of the catalog, '${kernel}' is ${catalogEntry(kernel).dma ? 'a DMA variant' : `a ${s.kind} layer`}`, '--kernel');
  }
  return { height: s.height, width: s.width, cin: s.cin, cout: s.cout, kh: s.kh, kw: s.kw, stride: s.stride, pad: s.pad };
}
