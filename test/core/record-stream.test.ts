import { describe, expect, it } from 'vitest';
import { recordStream } from '../../src/cosim/record-stream.ts';

// A toy record format: one length byte (the record's total size, >= 2), then payload bytes.
const recordBytes = (buf: Buffer, off: number) => (off < buf.length ? buf[off]! : 0);
const decode = (buf: Buffer, off: number, rec: { payload: number[] }) => {
  const n = buf[off]!;
  rec.payload = [...buf.subarray(off + 1, off + n)];
  return off + n;
};

function stream(seed: number, records: number): { bytes: Buffer; payloads: number[][] } {
  let s = seed;
  const rnd = (n: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n;
  const payloads: number[][] = [];
  const parts: number[] = [];
  for (let i = 0; i < records; i++) {
    const p = Array.from({ length: 1 + rnd(40) }, () => rnd(256));
    payloads.push(p);
    parts.push(p.length + 1, ...p);
  }
  return { bytes: Buffer.from(parts), payloads };
}

/** Feeds `bytes` in chunks of random sizes (1 .. maxChunk) and collects what the callbacks see. */
function feedAll(bytes: Buffer, seed: number, maxChunk: number, stopAfter = Infinity) {
  const seen: number[][] = [];
  let chunkRecords = 0;
  const feed = recordStream({
    recordBytes, decode, rec: { payload: [] as number[] },
    onChunk: (_buf, count) => void (chunkRecords += count),
    onRetire: (r) => (seen.push(r.payload), seen.length < stopAfter),
  });
  let s = seed, off = 0, stopped = false;
  while (off < bytes.length && !stopped) {
    s = (Math.imul(s, 69069) + 1) >>> 0;
    const n = 1 + ((s >>> 8) % maxChunk);
    // Fresh copies: the harness's chunks are separate buffers.
    stopped = feed(Buffer.from(bytes.subarray(off, off + n)));
    off += n;
  }
  return { seen, chunkRecords, stopped };
}

describe('recordStream', () => {
  it('returns every record once, in order, whatever the chunk boundaries', () => {
    const { bytes, payloads } = stream(7, 3000);
    for (const [seed, maxChunk] of [[1, 1], [2, 3], [3, 64], [4, 5000], [5, 1 << 18]] as const) {
      const r = feedAll(bytes, seed, maxChunk);
      expect(r.seen).toEqual(payloads);
      expect(r.chunkRecords).toBe(payloads.length);
      expect(r.stopped).toBe(false);
    }
  });

  it('a chunk larger than the carry-over buffer grows it', () => {
    const big = Buffer.alloc(200_000);
    // 250-byte records: many of them cross every chunk boundary of 150_000 bytes.
    for (let i = 0; i < big.length; i += 250) big[i] = 250;
    const r = feedAll(big, 9, 150_000);
    expect(r.seen.length).toBe(800);
  });

  it('stops when a callback returns false and ignores what follows', () => {
    const { bytes, payloads } = stream(11, 500);
    const r = feedAll(bytes, 12, 50, 123);
    expect(r.stopped).toBe(true);
    expect(r.seen).toEqual(payloads.slice(0, 123));
  });
});
