import type { ConvShape } from '../conformance/kinds/conv.ts';
import { catalogEntry } from '../kernels/cluster/catalog.ts';
import { UserError } from '../util/errors.ts';

/**
 * The layer of the paper comparison: a convolution of the cluster kernel catalog (default `conv3x3`, the
 * benchmark layer 16x16x32 -> 64, 3x3, pad 1), read from the catalog so both software stacks run the
 * same geometry, and given to the conformance drivers in their own shape type.
 */
export const PAPER_KERNEL = 'conv3x3';

export function paperShape(kernel: string): ConvShape {
  const s = catalogEntry(kernel).shape;
  if (s.kind !== 'conv' || catalogEntry(kernel).dma) {
    throw new UserError(`the paper comparison needs a compute-only 3x3-style convolution of the catalog, '${kernel}' is ${catalogEntry(kernel).dma ? 'a DMA variant' : `a ${s.kind} layer`}`, '--kernel');
  }
  return { h: s.height, w: s.width, cin: s.cin, cout: s.cout, kh: s.kh, kw: s.kw, stride: s.stride, pad: s.pad };
}
