/**
 * Convolution references in HWC layout, computed directly (not through im2col, so they check the
 * kernels' im2col too). Activations [h][w][cin], weights [cout][kh][kw][cin] (standard) or [kh][kw][c]
 * (depthwise), outputs [oh][ow][cout]; zero padding; 32-bit wrap-around accumulation.
 */
export interface ConvGeometry {
  height: number;
  width: number;
  cin: number;
  cout: number;
  kh: number;
  kw: number;
  stride: number;
  pad: number;
  /** Vertical zero padding when it differs from `pad` (a 1-D convolution over rows has none). */
  padY?: number;
}

export function outputSize(g: ConvGeometry): { oh: number; ow: number } {
  return { oh: Math.floor((g.height + 2 * (g.padY ?? g.pad) - g.kh) / g.stride) + 1, ow: Math.floor((g.width + 2 * g.pad - g.kw) / g.stride) + 1 };
}

export function conv2d(x: Int32Array, weights: Int32Array, g: ConvGeometry): Int32Array {
  const { oh, ow } = outputSize(g);
  const padY = g.padY ?? g.pad;
  const acc = new Int32Array(oh * ow * g.cout);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (let co = 0; co < g.cout; co++) {
        let s = 0;
        for (let ky = 0; ky < g.kh; ky++) {
          const iy = oy * g.stride - padY + ky;
          if (iy < 0 || iy >= g.height) continue;
          for (let kx = 0; kx < g.kw; kx++) {
            const ix = ox * g.stride - g.pad + kx;
            if (ix < 0 || ix >= g.width) continue;
            const xi = (iy * g.width + ix) * g.cin, wi = ((co * g.kh + ky) * g.kw + kx) * g.cin;
            for (let c = 0; c < g.cin; c++) s = (s + Math.imul(x[xi + c], weights[wi + c])) | 0;
          }
        }
        acc[(oy * ow + ox) * g.cout + co] = s;
      }
    }
  }
  return acc;
}

/** Depthwise: channel c of the output uses only channel c of the input (cout = cin). */
export function depthwise(x: Int32Array, weights: Int32Array, g: ConvGeometry): Int32Array {
  const { oh, ow } = outputSize(g);
  const acc = new Int32Array(oh * ow * g.cin);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (let c = 0; c < g.cin; c++) {
        let s = 0;
        for (let ky = 0; ky < g.kh; ky++) {
          const iy = oy * g.stride - g.pad + ky;
          if (iy < 0 || iy >= g.height) continue;
          for (let kx = 0; kx < g.kw; kx++) {
            const ix = ox * g.stride - g.pad + kx;
            if (ix >= 0 && ix < g.width) s = (s + Math.imul(x[(iy * g.width + ix) * g.cin + c], weights[(ky * g.kw + kx) * g.cin + c])) | 0;
          }
        }
        acc[(oy * ow + ox) * g.cin + c] = s;
      }
    }
  }
  return acc;
}
