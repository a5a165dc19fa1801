import { readFile } from 'node:fs/promises';
import { gunzipSync, inflateSync } from 'node:zlib';
import { UserError } from '../util/errors.ts';

/** What a waveform file says about itself: enough for tests and tools to check a window without a viewer. */
export interface FstSummary {
  /** First and last time written, in the file's time unit. */
  startTime: bigint;
  endTime: bigint;
  scopes: number;
  vars: number;
  /** Scope and variable names of the hierarchy. */
  names?: string[];
}

// Block types of the FST format (gtkwave's fstapi.h).
const BL_HDR = 0;
const BL_HIER = 4;
const BL_HIER_LZ4 = 6;
const BL_SKIP = 255;

/** An LZ4 block (no frame): tokens of literal and match lengths, literals, 16-bit back offsets. */
function lz4Block(src: Buffer, size: number): Buffer {
  const out = Buffer.alloc(size);
  let i = 0;
  let o = 0;
  const length = (nibble: number) => {
    let n = nibble;
    if (n === 15) for (let b = 255; b === 255; n += b) b = src[i++]!;
    return n;
  };
  while (i < src.length) {
    const token = src[i++]!;
    const literals = length(token >> 4);
    src.copy(out, o, i, i + literals);
    i += literals;
    o += literals;
    if (i >= src.length) break; // the last sequence has literals only
    const offset = src[i]! | (src[i + 1]! << 8);
    i += 2;
    const match = length(token & 15) + 4;
    if (offset === 0 || offset > o || o + match > size) throw new Error('corrupt LZ4 block');
    for (let k = 0; k < match; k++, o++) out[o] = out[o - offset]!; // may overlap its own output
  }
  return out;
}

/**
 * Reads the header block (time range, scope and variable counts) and the hierarchy names of an FST file.
 * The file is a sequence of blocks: a type byte, a big-endian 64-bit length (counting itself), the payload.
 */
export async function readFstSummary(path: string): Promise<FstSummary> {
  const buf = await readFile(path);
  const bad = (why: string) => new UserError(`not a readable FST file: ${why}`, path);
  let summary: FstSummary | undefined;
  let names: string[] | undefined;
  for (let off = 0; off + 9 <= buf.length; ) {
    const type = buf[off]!;
    const len = Number(buf.readBigUInt64BE(off + 1));
    if (len < 8 || off + 1 + len > buf.length) throw bad(`block of type ${type} at byte ${off} runs past the end`);
    const body = buf.subarray(off + 9, off + 1 + len);
    if (type === BL_HDR) {
      if (body.length < 56) throw bad('short header block');
      summary = {
        startTime: body.readBigUInt64BE(0),
        endTime: body.readBigUInt64BE(8),
        // 16: endianness test double, 24: writer memory
        scopes: Number(body.readBigUInt64BE(32)),
        vars: Number(body.readBigUInt64BE(40)),
      };
    } else if (type === BL_HIER || type === BL_HIER_LZ4) {
      // u64 uncompressed length, then gzip or LZ4 data: records whose names are NUL-terminated strings
      const size = Number(body.readBigUInt64BE(0));
      const packed = body.subarray(8);
      let raw: Buffer;
      try {
        raw = type === BL_HIER_LZ4 ? lz4Block(packed, size) : packed[0] === 0x1f && packed[1] === 0x8b ? gunzipSync(packed) : inflateSync(packed);
      } catch (e) {
        throw bad(`hierarchy block: ${(e as Error).message}`);
      }
      const text = raw.toString('latin1');
      names = text.split('\0').map((s) => s.replace(/^[\x00-\x1f\x7f-\xff]+/, '')).filter((s) => /^[A-Za-z_][\w$.[\]]*$/.test(s));
    } else if (type === BL_SKIP) {
      break;
    }
    off += 1 + len;
  }
  if (!summary) throw bad('no header block');
  return names ? { ...summary, names } : summary;
}
