import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * Cuts a harness's retirement stream (stdout, arbitrary chunk boundaries) into whole records for the
 * single-core and the cluster runners alike: the record format is theirs (`recordBytes`, `decode`), the
 * framing is shared.
 */
export interface RecordStreamOptions<R> {
  /** Bytes of the record at `off`, or 0 when its header is not all there yet. */
  recordBytes: (buf: Buffer, off: number) => number;
  /** Decodes the record at `off` into `rec`; returns the next record's offset. */
  decode: (buf: Buffer, off: number, rec: R) => number;
  /** The record object `decode` fills (reused for every record). */
  rec: R;
  /** Called per batch of `count` complete records from offset 0 of `buf`; false stops. */
  onChunk?: (buf: Buffer, count: number) => boolean | void;
  /** Called per record (the reused `rec`); false stops. */
  onRetire?: (rec: R) => boolean | void;
}

/** Returns the function to call with every chunk; it returns true once a callback asked to stop. */
export function recordStream<R>(o: RecordStreamOptions<R>): (chunk: Buffer) => boolean {
  // The bytes of a record cut by a chunk boundary wait in `work` (grown, never shrunk) for the rest.
  let work = Buffer.alloc(1 << 17);
  let pendingBytes = 0;
  let stopped = false;
  return (chunk: Buffer) => {
    if (stopped) return true;
    let buf = chunk;
    if (pendingBytes > 0) {
      if (pendingBytes + chunk.length > work.length) {
        const grown = Buffer.alloc(2 * (pendingBytes + chunk.length));
        work.copy(grown, 0, 0, pendingBytes);
        work = grown;
      }
      chunk.copy(work, pendingBytes);
      buf = work.subarray(0, pendingBytes + chunk.length);
    }
    let count = 0;
    let end = 0;
    for (let n = o.recordBytes(buf, end); n > 0 && end + n <= buf.length; n = o.recordBytes(buf, end)) {
      end += n;
      count++;
    }
    if (o.onChunk && count > 0 && o.onChunk(buf, count) === false) stopped = true;
    if (o.onRetire) {
      let off = 0;
      for (let i = 0; i < count && !stopped; i++) {
        off = o.decode(buf, off, o.rec);
        if (o.onRetire(o.rec) === false) stopped = true;
      }
    }
    // Keep the cut record's bytes at the start of `work` (Buffer.copy allows the overlap when `buf` is `work`).
    pendingBytes = stopped ? 0 : buf.length - end;
    if (pendingBytes > 0) buf.copy(work, 0, end);
    return stopped;
  };
}

/**
 * Reads a harness process's stdout as records (or drains it when `o` is undefined: no records asked for);
 * kills the process once a callback asks to stop. Returns whether that happened.
 */
export function readRecords<R>(child: ChildProcessByStdio<null, Readable, Readable>, o: RecordStreamOptions<R> | undefined): () => boolean {
  const feed = o ? recordStream(o) : undefined;
  let stopped = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (stopped || !feed) return;
    if (feed(chunk)) {
      stopped = true;
      child.kill('SIGKILL');
    }
  });
  return () => stopped;
}
