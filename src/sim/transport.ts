import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { UserError } from '../util/errors.ts';
import { Status } from './protocol.ts';

/** The simulator process ended or broke the protocol; the message carries its stderr. */
export class SimulatorError extends UserError {}

interface PendingReply {
  bytes: number;
  resolve: (payload: Buffer) => void;
  reject: (e: Error) => void;
}

/** Requests are queued and sent in one write when a reply is awaited (or the queue grows large). */
const FLUSH_BYTES = 1 << 20;
const STDERR_KEEP = 16 * 1024;

/**
 * The pipe to one harness process: queues requests, matches replies to requests in order (their lengths
 * are known, so the stream needs no framing), collects stderr, and turns the process's death into a
 * `SimulatorError` for every pending and later request.
 */
export class Transport {
  private queue: Buffer[] = [];
  private queued = 0;
  private readonly pending: PendingReply[] = [];
  private received: Buffer[] = [];
  private receivedBytes = 0;
  private stderr = '';
  private failure: SimulatorError | undefined;
  private readonly exited: Promise<void>;
  private closing = false;
  /** True once a reply carried the `$finish` status. */
  finished = false;

  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;

  /** `what` names the simulation in messages (`simulator of fifo`). */
  constructor(exe: string, args: string[], private readonly what: string) {
    this.child = spawn(exe, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const child = this.child;
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-STDERR_KEEP);
    });
    child.stdin.on('error', () => {}); // EPIPE when the process died: reported through 'close'
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        if (!this.closing || code !== 0) {
          const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
          const err = this.stderr.trim();
          this.fail(`${what} ${how}${err ? `:\n${err}` : ' (no message on stderr)'}`);
        }
        resolve();
      });
      child.on('error', (e) => {
        this.fail(`cannot run the ${what} (${exe}): ${e.message}`);
        resolve();
      });
    });
    this.idle();
  }

  /** The last 16 KiB the process wrote on stderr. */
  get log(): string {
    return this.stderr;
  }

  get isClosed(): boolean {
    return this.closing;
  }

  /** Queues a request that has no reply. */
  send(buf: Buffer): void {
    if (this.closing) throw new UserError(`the ${this.what} is closed`);
    this.queue.push(buf);
    this.queued += buf.length;
    if (this.queued >= FLUSH_BYTES) this.flush();
  }

  /** Sends the queue and waits for the next reply: `bytes` payload bytes plus the status byte. */
  request(bytes: number): Promise<Buffer> {
    this.flush();
    if (this.failure) return Promise.reject(this.failure);
    this.busy();
    return new Promise((resolve, reject) => {
      this.pending.push({ bytes: bytes + 1, resolve, reject });
      this.drain();
    });
  }

  /** Sends the queue (ending with `last`), closes stdin and waits for the exit; throws if it failed. */
  async close(last: Buffer): Promise<void> {
    if (this.closing) return;
    this.send(last);
    this.flush();
    this.closing = true;
    this.child.stdin.end();
    this.busy(); // the exit must keep Node waiting
    await this.exited;
    if (this.failure) throw this.failure;
  }

  kill(): void {
    this.closing = true;
    this.child.kill('SIGKILL');
  }

  private flush(): void {
    if (this.queued === 0) return;
    const data = this.queue.length === 1 ? this.queue[0] : Buffer.concat(this.queue, this.queued);
    this.queue = [];
    this.queued = 0;
    if (!this.failure) this.child.stdin.write(data);
  }

  private onData(chunk: Buffer): void {
    this.received.push(chunk);
    this.receivedBytes += chunk.length;
    this.drain();
  }

  private drain(): void {
    while (this.pending.length > 0 && this.receivedBytes >= this.pending[0].bytes) {
      const { bytes, resolve } = this.pending[0];
      const all = this.received.length === 1 ? this.received[0] : Buffer.concat(this.received, this.receivedBytes);
      const rest = all.subarray(bytes);
      this.received = rest.length > 0 ? [rest] : [];
      this.receivedBytes = rest.length;
      const status = all[bytes - 1];
      if (status === Status.FINISHED) this.finished = true;
      else if (status !== Status.OK) {
        this.fail(`${this.what} sent status ${status}: protocol out of step`);
        this.child.kill('SIGKILL');
        return;
      }
      this.pending.shift();
      resolve(all.subarray(0, bytes - 1));
    }
    if (this.pending.length === 0) this.idle();
  }

  private fail(message: string): void {
    this.failure ??= new SimulatorError(message);
    for (const p of this.pending.splice(0)) p.reject(this.failure);
  }

  /**
   * While no reply is awaited the process must not keep Node alive (a script that forgets close() still
   * ends); while one is awaited it must.
   */
  private busy(): void {
    this.child.ref();
    (this.child.stdout as unknown as { ref?: () => void }).ref?.();
  }

  private idle(): void {
    this.child.unref();
    for (const s of [this.child.stdout, this.child.stderr, this.child.stdin]) {
      (s as unknown as { unref?: () => void }).unref?.();
    }
  }
}
