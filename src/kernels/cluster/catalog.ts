import { UserError } from '../../util/errors.ts';
import type { Bits } from '../formats.ts';
import type { KindShape } from './layer.ts';

/**
 * The named cluster kernels: what `npm run bench -- kernels` measures and what `flexv sweep --kernel NAME`
 * runs. `conv3x3` is issue 9's realistic layer (16x16 pixels, 32 -> 64 channels, 3x3, padding 1).
 */
export interface CatalogEntry {
  shape: KindShape;
  dma: boolean;
  description: string;
}

const CONV3X3 = { kind: 'conv', height: 16, width: 16, cin: 32, cout: 64, kh: 3, kw: 3, stride: 1, pad: 1 } as const;
/** Issue 15's long-reduction layer: the same 3x3 conv with 64 input channels (k = 576, twice conv3x3's). */
const CONV3X3_LONG = { kind: 'conv', height: 16, width: 16, cin: 64, cout: 64, kh: 3, kw: 3, stride: 1, pad: 1 } as const;
const CONV_SMALL = { kind: 'conv', height: 8, width: 8, cin: 32, cout: 32, kh: 3, kw: 3, stride: 1, pad: 1 } as const;
const POINTWISE = { kind: 'pointwise', height: 16, width: 16, cin: 64, cout: 64 } as const;
const FC = { kind: 'fc', n: 256, k: 512 } as const;
/** MobileNet-style 3x3 depthwise layer; tensors 16 KiB each at 8 bits (far inside the 256 KiB TCDM either way). */
const DEPTHWISE = { kind: 'depthwise', height: 16, width: 16, channels: 64, kh: 3, kw: 3, stride: 1, pad: 1 } as const;
const DEPTHWISE_SMALL = { kind: 'depthwise', height: 8, width: 8, channels: 32, kh: 3, kw: 3, stride: 1, pad: 1 } as const;

export const CLUSTER_KERNELS: Readonly<Record<string, CatalogEntry>> = {
  conv3x3: { shape: CONV3X3, dma: false, description: '3x3 conv 16x16x32 -> 64, pad 1, tensors in the TCDM' },
  'conv3x3-dma': { shape: CONV3X3, dma: true, description: '3x3 conv 16x16x32 -> 64, pad 1, tensors in L2, DMA double buffering' },
  'conv3x3-long': { shape: CONV3X3_LONG, dma: false, description: '3x3 conv 16x16x64 -> 64, pad 1, tensors in the TCDM (long reduction, k = 576)' },
  'conv3x3-small': { shape: CONV_SMALL, dma: false, description: '3x3 conv 8x8x32 -> 32, pad 1, tensors in the TCDM (quick sweeps)' },
  pointwise: { shape: POINTWISE, dma: false, description: '1x1 conv 16x16x64 -> 64, tensors in the TCDM' },
  'pointwise-dma': { shape: POINTWISE, dma: true, description: '1x1 conv 16x16x64 -> 64, tensors in L2, DMA double buffering' },
  fc: { shape: FC, dma: false, description: 'fully connected 512 -> 256, tensors in the TCDM' },
  'fc-dma': { shape: FC, dma: true, description: 'fully connected 512 -> 256, weights streamed from L2 by the DMA' },
  depthwise: { shape: DEPTHWISE, dma: false, description: '3x3 depthwise 16x16x64, pad 1, tensors in the TCDM' },
  'depthwise-dma': { shape: DEPTHWISE, dma: true, description: '3x3 depthwise 16x16x64, pad 1, tensors in L2, DMA double buffering' },
  'depthwise-small': { shape: DEPTHWISE_SMALL, dma: false, description: '3x3 depthwise 8x8x32, pad 1, tensors in the TCDM (quick sweeps)' },
};

export const DEFAULT_CLUSTER_KERNEL = 'conv3x3';
/**
 * The realistic layers that `npm run bench -- kernels` and the `kernels` campaign measure by default,
 * headline first (the '-small' entries are for quick sweeps and tests).
 */
export const BENCH_KERNELS: readonly string[] = ['conv3x3', 'conv3x3-dma', 'conv3x3-long', 'pointwise', 'pointwise-dma', 'fc', 'fc-dma', 'depthwise', 'depthwise-dma'];
export const DEFAULT_FORMATS: { a: Bits; w: Bits } = { a: 2, w: 2 };

export function catalogEntry(name: string): CatalogEntry {
  const e = CLUSTER_KERNELS[name];
  if (!e) throw new UserError(`unknown cluster kernel '${name}' (available: ${Object.keys(CLUSTER_KERNELS).join(', ')})`, '--kernel');
  return e;
}
