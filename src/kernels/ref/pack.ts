/**
 * Packing of sub-byte tensors into 32-bit words (spec §3 lane order): element i of a `bits`-wide tensor
 * sits in word floor(i * bits / 32) at bit (i * bits) mod 32, so lane 0 is the least significant.
 */

/** Packs `values` (each within the `bits` range; signed values are stored two's complement). */
export function pack(values: ArrayLike<number>, bits: number): Uint32Array {
  const perWord = 32 / bits;
  const words = new Uint32Array(Math.ceil(values.length / perWord));
  const mask = bits === 32 ? 0xffffffff : (1 << bits) - 1;
  for (let i = 0; i < values.length; i++) {
    const w = Math.floor(i / perWord), shift = (i % perWord) * bits;
    words[w] = (words[w] | ((values[i] & mask) << shift)) >>> 0;
  }
  return words;
}

/** Unpacks `count` elements of `bits` width, sign-extended when `signed`. */
export function unpack(words: ArrayLike<number>, bits: number, count: number, signed: boolean): Int32Array {
  const perWord = 32 / bits;
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const raw = (words[Math.floor(i / perWord)] >>> ((i % perWord) * bits)) & ((1 << bits) - 1);
    out[i] = signed && raw >= 1 << (bits - 1) ? raw - (1 << bits) : raw;
  }
  return out;
}
