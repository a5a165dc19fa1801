import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { UserError } from '../util/errors.ts';
import type { VerilatedModel } from './build.ts';
import { resetActiveLow } from './codegen.ts';
import { describePort, fromBits, readWords, toBits, wordsOf, writeWords, type PortValue, type SimPort } from './ports.ts';
import { Op, Status } from './protocol.ts';

/** The simulator process ended or broke the protocol; the message carries its stderr. */
export class SimulatorError extends UserError {}

export interface StartOptions {
  /** Write an FST waveform of the whole run to this path (the model must be built with `trace`). */
  fst?: string;
}

/** Stimulus for `batch`: per input port, one value per cycle (all columns the same length). */
export type BatchInputs = Record<string, ArrayLike<PortValue>>;

/** What `batch` returns: per requested output port, one value per cycle. */
export type BatchOutputs = Record<string, bigint[]>;

interface PendingReply {
  bytes: number;
  resolve: (payload: Buffer) => void;
  reject: (e: Error) => void;
}

/** Requests are queued and sent in one write when a reply is awaited (or the queue grows large). */
const FLUSH_BYTES = 1 << 20;
/** Stimulus rows per BATCH request: bounds memory on both sides for very long batches. */
const BATCH_CHUNK = 1 << 16;
const STDERR_KEEP = 16 * 1024;

/**
 * One running simulation of a Verilated model, driven over a pipe (protocol: src/sim/protocol.ts).
 *
 * Timing model: `poke` sets inputs; `peek` shows the outputs for the current state and inputs (the model
 * is evaluated first); `step` runs clock cycles, and the inputs poked before it are what the registers
 * sample at the rising edge. `poke`, `eval`, `step` and `reset` are queued and return at once; methods
 * that return a Promise send the queue and wait for the answer, so a poke/step/peek sequence costs one
 * round trip.
 */
export class Simulator {
  readonly ports: readonly SimPort[];
  private readonly index = new Map<string, number>();
  private readonly clock: number;
  private readonly resetPort: number;
  private readonly resetLow: boolean;
  private queue: Buffer[] = [];
  private queued = 0;
  private readonly pending: PendingReply[] = [];
  private received: Buffer[] = [];
  private receivedBytes = 0;
  private stderr = '';
  private failure: SimulatorError | undefined;
  private exited: Promise<void>;
  private closed = false;
  /** True once the design has executed `$finish` (seen in a reply). */
  finished = false;

  private constructor(
    readonly model: VerilatedModel,
    private readonly child: ChildProcessByStdio<Writable, Readable, Readable>,
  ) {
    const d = model.design;
    this.ports = d.ports;
    d.ports.forEach((p, i) => this.index.set(p.name, i));
    this.clock = d.clock === undefined ? -1 : this.index.get(d.clock)!;
    this.resetPort = d.reset === undefined ? -1 : this.index.get(d.reset)!;
    this.resetLow = resetActiveLow(d);
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-STDERR_KEEP);
    });
    child.stdin.on('error', () => {}); // EPIPE when the process died: reported through 'exit'
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        if (!this.closed || code !== 0) {
          const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
          const err = this.stderr.trim();
          this.fail(`simulator of ${d.top} ${how}${err ? `:\n${err}` : ' (no message on stderr)'}`);
        }
        resolve();
      });
      child.on('error', (e) => {
        this.fail(`cannot run the simulator of ${d.top} (${model.exe}): ${e.message}`);
        resolve();
      });
    });
    this.idle();
  }

  /** Starts a simulator process on a built model. */
  static start(model: VerilatedModel, opts: StartOptions = {}): Simulator {
    if (opts.fst && !model.trace) {
      throw new UserError(`an FST waveform needs a model built with trace enabled (buildModel(design, { trace: true }))`);
    }
    const args = opts.fst ? ['--fst', opts.fst] : [];
    const child = spawn(model.exe, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    return new Simulator(model, child);
  }

  /** What the simulator printed on stderr so far (the design's `$display` included), last 16 KiB. */
  get log(): string {
    return this.stderr;
  }

  get top(): string {
    return this.model.design.top;
  }

  /** Sets an input; it takes effect at the next evaluation (peek, eval, step). */
  poke(port: string, value: PortValue): void {
    const i = this.inputIndex(port);
    const p = this.ports[i];
    const words = wordsOf(p.width);
    const buf = Buffer.allocUnsafe(3 + 4 * words);
    buf.writeUInt8(Op.POKE, 0);
    buf.writeUInt16LE(i, 1);
    writeWords(buf, 3, toBits(p, value), words);
    this.send(buf);
  }

  /** The current value of any port, with the model evaluated first. Signed ports read as signed. */
  async peek(port: string): Promise<bigint> {
    const i = this.portIndex(port);
    const p = this.ports[i];
    const buf = Buffer.allocUnsafe(3);
    buf.writeUInt8(Op.PEEK, 0);
    buf.writeUInt16LE(i, 1);
    this.send(buf);
    const payload = await this.request(4 * wordsOf(p.width));
    return fromBits(p, readWords(payload, 0, wordsOf(p.width)));
  }

  /** Evaluates the model now (peek and step do it when needed; useful before a waveform dump). */
  eval(): void {
    this.send(Buffer.from([Op.EVAL]));
  }

  /** Runs `cycles` clock cycles: each a rising edge (registers sample the inputs) then a falling edge. */
  step(cycles = 1): void {
    this.needClock('step');
    if (!Number.isInteger(cycles) || cycles < 0 || cycles > 0xffffffff) {
      throw new UserError(`step(${cycles}): the cycle count must be an integer from 0 to 2^32-1`);
    }
    const buf = Buffer.allocUnsafe(5);
    buf.writeUInt8(Op.STEP, 0);
    buf.writeUInt32LE(cycles, 1);
    this.send(buf);
  }

  /** Holds the reset asserted for `cycles` clock cycles, then releases it (inputs otherwise unchanged). */
  reset(cycles = 1): void {
    if (this.resetPort < 0) throw new UserError(`${this.top} has no reset port`);
    this.pokeIndex(this.resetPort, this.resetLow ? 0 : 1);
    if (this.clock >= 0) this.step(cycles);
    else this.eval();
    this.pokeIndex(this.resetPort, this.resetLow ? 1 : 0);
    this.eval();
  }

  /**
   * Runs one cycle per stimulus row in a single round trip. Each cycle: apply that row's inputs, evaluate,
   * sample `outputs` (what the outputs show before the clock edge, given those inputs and the current
   * state), then one clock cycle (combinational modules: no clock). Inputs not listed keep their value;
   * after the batch they hold the last row's values.
   */
  async batch(inputs: BatchInputs, outputs: readonly string[]): Promise<BatchOutputs> {
    const inNames = Object.keys(inputs);
    const ins = inNames.map((n) => this.inputIndex(n));
    const outs = outputs.map((n) => this.portIndex(n));
    const lengths = new Set(inNames.map((n) => inputs[n].length));
    if (lengths.size > 1) {
      const desc = inNames.map((n) => `${n}: ${inputs[n].length}`).join(', ');
      throw new UserError(`batch: every input column needs one value per cycle, got different lengths (${desc})`);
    }
    if (inNames.length === 0) throw new UserError('batch: no input columns: use step() to run without stimulus');
    const cycles = inputs[inNames[0]].length;
    const result: BatchOutputs = {};
    for (const n of outputs) result[n] = new Array<bigint>(cycles);
    const parts: Promise<void>[] = [];
    for (let start = 0; start < cycles; start += BATCH_CHUNK) {
      const n = Math.min(BATCH_CHUNK, cycles - start);
      parts.push(this.batchChunk(inputs, inNames, ins, outputs, outs, start, n, result));
    }
    await Promise.all(parts);
    return result;
  }

  /** Waits until every queued request has run; returns the simulation time (two units per cycle). */
  async sync(): Promise<bigint> {
    this.send(Buffer.from([Op.SYNC]));
    const payload = await this.request(8);
    return payload.readBigUInt64LE(0);
  }

  /** Ends the model (`final` blocks run, the waveform is closed) and waits for the process to exit. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.send(Buffer.from([Op.QUIT]));
    this.flush();
    this.closed = true;
    this.child.stdin.end();
    this.busy(); // the exit must keep Node waiting
    await this.exited;
    if (this.failure) throw this.failure;
  }

  /** Kills the process without waiting for it (for a simulation that hangs). */
  kill(): void {
    this.closed = true;
    this.child.kill('SIGKILL');
  }

  private async batchChunk(
    inputs: BatchInputs,
    inNames: string[],
    ins: number[],
    outNames: readonly string[],
    outs: number[],
    start: number,
    cycles: number,
    result: BatchOutputs,
  ): Promise<void> {
    const inPorts = ins.map((i) => this.ports[i]);
    const outPorts = outs.map((i) => this.ports[i]);
    const inWords = inPorts.map((p) => wordsOf(p.width));
    const outWords = outPorts.map((p) => wordsOf(p.width));
    const rowIn = inWords.reduce((a, b) => a + b, 0);
    const rowOut = outWords.reduce((a, b) => a + b, 0);
    const head = 1 + 4 + 2 + 2 + 2 * (ins.length + outs.length);
    const buf = Buffer.allocUnsafe(head + 4 * rowIn * cycles);
    let o = buf.writeUInt8(Op.BATCH, 0);
    o = buf.writeUInt32LE(cycles, o);
    o = buf.writeUInt16LE(ins.length, o);
    o = buf.writeUInt16LE(outs.length, o);
    for (const i of ins) o = buf.writeUInt16LE(i, o);
    for (const i of outs) o = buf.writeUInt16LE(i, o);
    const columns = inNames.map((n) => inputs[n]);
    for (let c = start; c < start + cycles; c++) {
      for (let k = 0; k < columns.length; k++) {
        const v = columns[k][c];
        const p = inPorts[k];
        // Fast path for the common case: a small unsigned number needs no bigint.
        if (typeof v === 'number' && inWords[k] === 1 && Number.isInteger(v) && v >= 0 && v < 2 ** p.width) {
          o = buf.writeUInt32LE(v, o);
        } else {
          try {
            o = writeWords(buf, o, toBits(p, v), inWords[k]);
          } catch (e) {
            if (e instanceof UserError) throw new UserError(`batch cycle ${c}: ${e.message}`);
            throw e;
          }
        }
      }
    }
    this.send(buf);
    const payload = await this.request(4 * rowOut * cycles);
    let r = 0;
    for (let c = start; c < start + cycles; c++) {
      for (let k = 0; k < outPorts.length; k++) {
        const p = outPorts[k];
        const w = outWords[k];
        const bits = w === 1 ? BigInt(payload.readUInt32LE(r)) : readWords(payload, r, w);
        result[outNames[k]][c] = p.signed ? fromBits(p, bits) : bits;
        r += 4 * w;
      }
    }
  }

  private portIndex(port: string): number {
    const i = this.index.get(port);
    if (i === undefined) {
      const names = this.ports.map((p) => p.name).join(', ');
      throw new UserError(`${this.top} has no port '${port}' (ports: ${names})`);
    }
    return i;
  }

  private inputIndex(port: string): number {
    const i = this.portIndex(port);
    const p = this.ports[i];
    if (p.dir !== 'input') throw new UserError(`cannot drive ${describePort(p)} of ${this.top}: it is an output`);
    if (i === this.clock) throw new UserError(`${port} is the clock of ${this.top}: use step() to clock it`);
    return i;
  }

  private pokeIndex(i: number, value: number): void {
    const buf = Buffer.allocUnsafe(7);
    buf.writeUInt8(Op.POKE, 0);
    buf.writeUInt16LE(i, 1);
    buf.writeUInt32LE(value, 3);
    this.send(buf);
  }

  private needClock(what: string): void {
    if (this.clock < 0) throw new UserError(`${what}: ${this.top} has no clock (a combinational module): use eval()/peek()`);
  }

  private send(buf: Buffer): void {
    if (this.closed) throw new UserError(`the simulator of ${this.top} is closed`);
    this.queue.push(buf);
    this.queued += buf.length;
    if (this.queued >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.queued === 0) return;
    const data = this.queue.length === 1 ? this.queue[0] : Buffer.concat(this.queue, this.queued);
    this.queue = [];
    this.queued = 0;
    if (!this.failure) this.child.stdin.write(data);
  }

  /** Sends the queue and waits for a reply of `bytes` payload bytes plus the status byte. */
  private request(bytes: number): Promise<Buffer> {
    this.flush();
    if (this.failure) return Promise.reject(this.failure);
    this.busy();
    return new Promise((resolve, reject) => {
      this.pending.push({ bytes: bytes + 1, resolve, reject });
      this.drain();
    });
  }

  private onData(chunk: Buffer): void {
    this.received.push(chunk);
    this.receivedBytes += chunk.length;
    this.drain();
  }

  private drain(): void {
    while (this.pending.length > 0 && this.receivedBytes >= this.pending[0].bytes) {
      const { bytes, resolve, reject } = this.pending[0];
      const all = this.received.length === 1 ? this.received[0] : Buffer.concat(this.received, this.receivedBytes);
      const reply = all.subarray(0, bytes);
      const rest = all.subarray(bytes);
      this.received = rest.length > 0 ? [rest] : [];
      this.receivedBytes = rest.length;
      const status = reply[bytes - 1];
      if (status === Status.FINISHED) this.finished = true;
      else if (status !== Status.OK) {
        this.fail(`simulator of ${this.top} sent status ${status}: protocol out of step`);
        reject(this.failure!);
        this.child.kill('SIGKILL');
        return;
      }
      this.pending.shift();
      resolve(reply.subarray(0, bytes - 1));
    }
    if (this.pending.length === 0) this.idle();
  }

  private fail(message: string): void {
    this.failure ??= new SimulatorError(message);
    for (const p of this.pending.splice(0)) p.reject(this.failure);
  }

  /**
   * While no reply is awaited the process must not keep Node alive (a test that forgets close() still
   * ends); while one is awaited it must.
   */
  private busy(): void {
    this.child.ref();
    (this.child.stdout as unknown as { ref?: () => void }).ref?.();
  }

  private idle(): void {
    this.child.unref();
    (this.child.stdout as unknown as { unref?: () => void }).unref?.();
    (this.child.stderr as unknown as { unref?: () => void }).unref?.();
    (this.child.stdin as unknown as { unref?: () => void }).unref?.();
  }
}
