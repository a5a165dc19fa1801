import { UserError } from '../util/errors.ts';
import type { VerilatedModel } from './build.ts';
import { resetActiveLow } from './codegen.ts';
import { describePort, fromBits, readWords, toBits, wordsOf, writeWords, type PortValue, type SimPort } from './ports.ts';
import { Op } from './protocol.ts';
import { Transport } from './transport.ts';

export { SimulatorError } from './transport.ts';

export interface StartOptions {
  /** Write an FST waveform of the whole run to this path (the model must be built with `trace`). */
  fst?: string;
  /**
   * Start every register and memory from random values drawn from this seed instead of zero, so
   * state that is never reset shows up as a mismatch rather than passing by luck.
   */
  randomInit?: number;
}

/** Stimulus for `batch`: per input port, one value per cycle (all columns the same length). */
export type BatchInputs = Record<string, ArrayLike<PortValue>>;

/** What `batch` returns: per requested output port, one value per cycle. */
export type BatchOutputs = Record<string, bigint[]>;

/** Stimulus rows per BATCH request: bounds memory on both sides and lets the two sides overlap. */
const BATCH_CHUNK = 1 << 16;

/** A batch's ports resolved once: indices, word counts, bytes per row. */
interface BatchShape {
  inNames: string[];
  inPorts: SimPort[];
  inWords: number[];
  ins: number[];
  outNames: readonly string[];
  outPorts: SimPort[];
  outWords: number[];
  outs: number[];
  rowInWords: number;
  rowOutWords: number;
}

/**
 * One running simulation of a Verilated model, driven over a pipe (protocol: src/sim/protocol.ts).
 *
 * Timing model: `poke` sets inputs; `peek` shows the outputs for the current state and inputs (the model
 * is evaluated first); `step` runs clock cycles, and the inputs poked before it are what the registers
 * sample at the rising edge. `poke`, `eval`, `step` and `reset` are queued and return at once; methods
 * that return a Promise send the queue and wait for the answer, so a poke/step/peek sequence costs one
 * round trip. Misuse (unknown port, value too wide...) throws before anything is queued.
 */
export class Simulator {
  readonly ports: readonly SimPort[];
  private readonly index = new Map<string, number>();
  private readonly clock: number;
  private readonly resetPort: number;
  private readonly resetLow: boolean;

  private constructor(
    readonly model: VerilatedModel,
    private readonly io: Transport,
  ) {
    const d = model.design;
    this.ports = d.ports;
    d.ports.forEach((p, i) => this.index.set(p.name, i));
    this.clock = d.clock === undefined ? -1 : this.index.get(d.clock)!;
    this.resetPort = d.reset === undefined ? -1 : this.index.get(d.reset)!;
    this.resetLow = resetActiveLow(d);
  }

  /** Starts a simulator process on a built model. */
  static start(model: VerilatedModel, opts: StartOptions = {}): Simulator {
    if (opts.fst && !model.trace) {
      throw new UserError(`an FST waveform needs a model built with trace enabled (buildModel(design, { trace: true }))`);
    }
    const args = opts.fst ? ['--fst', opts.fst] : [];
    if (opts.randomInit !== undefined) {
      if (!Number.isSafeInteger(opts.randomInit) || opts.randomInit < 1) {
        throw new UserError(`randomInit must be a positive integer seed, got ${opts.randomInit}`);
      }
      args.push('--random-init', String(opts.randomInit));
    }
    return new Simulator(model, new Transport(model.exe, args, `simulator of ${model.design.top}`));
  }

  get top(): string {
    return this.model.design.top;
  }

  /** True once the design has executed `$finish` (seen in a reply; the simulation can go on). */
  get finished(): boolean {
    return this.io.finished;
  }

  /** What the simulator printed on stderr so far (the design's `$display` included), last 16 KiB. */
  get log(): string {
    return this.io.log;
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
    this.io.send(buf);
  }

  /** The current value of any port, with the model evaluated first. Signed ports read as signed. */
  async peek(port: string): Promise<bigint> {
    const i = this.portIndex(port);
    const p = this.ports[i];
    const buf = Buffer.allocUnsafe(3);
    buf.writeUInt8(Op.PEEK, 0);
    buf.writeUInt16LE(i, 1);
    this.io.send(buf);
    const payload = await this.io.request(4 * wordsOf(p.width));
    return fromBits(p, readWords(payload, 0, wordsOf(p.width)));
  }

  /** Evaluates the model now (peek and step do it when needed; useful before a waveform dump). */
  eval(): void {
    this.io.send(Buffer.from([Op.EVAL]));
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
    this.io.send(buf);
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
   * after the batch they hold the last row's values. With no input columns, pass `cycles`.
   */
  async batch(inputs: BatchInputs, outputs: readonly string[], cycles?: number): Promise<BatchOutputs> {
    const shape = this.batchShape(inputs, outputs);
    const n = this.batchLength(inputs, shape.inNames, cycles);
    // Encode (and so validate) everything before sending anything: a bad value leaves the simulation as it was.
    const chunks: { start: number; rows: number; request: Buffer }[] = [];
    for (let start = 0; start < n; start += BATCH_CHUNK) {
      const rows = Math.min(BATCH_CHUNK, n - start);
      chunks.push({ start, rows, request: this.encodeBatch(inputs, shape, start, rows) });
    }
    const result: BatchOutputs = {};
    for (const name of outputs) result[name] = new Array<bigint>(n);
    const replies = chunks.map((chunk) => {
      this.io.send(chunk.request);
      return this.io.request(4 * shape.rowOutWords * chunk.rows);
    });
    for (const r of replies) r.catch(() => {}); // a dead process rejects them all: the first await reports it
    for (let k = 0; k < chunks.length; k++) this.decodeBatch(await replies[k], shape, chunks[k].start, chunks[k].rows, result);
    return result;
  }

  /**
   * Clocks until `port` shows `value` (checked before each cycle, so 0 cycles when it already does), at
   * most `maxCycles` cycles or until the design executes `$finish`. One round trip, however long the wait.
   */
  async runUntil(port: string, value: PortValue, maxCycles: number): Promise<{ cycles: number; met: boolean }> {
    this.needClock('runUntil');
    const i = this.portIndex(port);
    const p = this.ports[i];
    if (!Number.isInteger(maxCycles) || maxCycles < 0 || maxCycles > 0xffffffff) {
      throw new UserError(`runUntil: maxCycles must be an integer from 0 to 2^32-1, got ${maxCycles}`);
    }
    const words = wordsOf(p.width);
    const buf = Buffer.allocUnsafe(7 + 4 * words);
    buf.writeUInt8(Op.UNTIL, 0);
    buf.writeUInt16LE(i, 1);
    buf.writeUInt32LE(maxCycles, 3);
    writeWords(buf, 7, toBits(p, value), words);
    this.io.send(buf);
    const reply = await this.io.request(5);
    return { cycles: reply.readUInt32LE(0), met: reply[4] === 1 };
  }

  /** Pauses (false) or resumes (true) writing the waveform, to keep only a window of a long run. */
  trace(on: boolean): void {
    if (!this.model.trace) throw new UserError(`trace(): the model of ${this.top} was built without trace`);
    this.io.send(Buffer.from([Op.TRACE, on ? 1 : 0]));
  }

  /** Waits until every queued request has run; returns the simulation time (two units per cycle). */
  async sync(): Promise<bigint> {
    this.io.send(Buffer.from([Op.SYNC]));
    const payload = await this.io.request(8);
    return payload.readBigUInt64LE(0);
  }

  /** Ends the model (`final` blocks run, the waveform is closed) and waits for the process to exit. */
  close(): Promise<void> {
    return this.io.close(Buffer.from([Op.QUIT]));
  }

  /** Kills the process without waiting for it (for a simulation that hangs, or test clean-up). */
  kill(): void {
    this.io.kill();
  }

  private batchShape(inputs: BatchInputs, outNames: readonly string[]): BatchShape {
    const inNames = Object.keys(inputs);
    const ins = inNames.map((n) => this.inputIndex(n));
    const outs = outNames.map((n) => this.portIndex(n));
    const inPorts = ins.map((i) => this.ports[i]);
    const outPorts = outs.map((i) => this.ports[i]);
    const inWords = inPorts.map((p) => wordsOf(p.width));
    const outWords = outPorts.map((p) => wordsOf(p.width));
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    return { inNames, inPorts, inWords, ins, outNames, outPorts, outWords, outs, rowInWords: sum(inWords), rowOutWords: sum(outWords) };
  }

  private batchLength(inputs: BatchInputs, inNames: string[], cycles: number | undefined): number {
    const lengths = new Set(inNames.map((n) => inputs[n].length));
    if (cycles !== undefined) lengths.add(cycles);
    if (lengths.size > 1) {
      const desc = [...inNames.map((n) => `${n}: ${inputs[n].length}`), ...(cycles !== undefined ? [`cycles: ${cycles}`] : [])];
      throw new UserError(`batch: every input column needs one value per cycle, got different lengths (${desc.join(', ')})`);
    }
    const n = lengths.size === 1 ? [...lengths][0] : undefined;
    if (n === undefined) throw new UserError('batch: no input columns: say how many cycles to run (batch({}, outputs, cycles))');
    if (!Number.isSafeInteger(n) || n < 0) throw new UserError(`batch: cycles must be a non-negative integer, got ${n}`);
    return n;
  }

  private encodeBatch(inputs: BatchInputs, s: BatchShape, start: number, rows: number): Buffer {
    const head = 1 + 4 + 2 + 2 + 2 * (s.ins.length + s.outs.length);
    const buf = Buffer.allocUnsafe(head + 4 * s.rowInWords * rows);
    let o = buf.writeUInt8(Op.BATCH, 0);
    o = buf.writeUInt32LE(rows, o);
    o = buf.writeUInt16LE(s.ins.length, o);
    o = buf.writeUInt16LE(s.outs.length, o);
    for (const i of s.ins) o = buf.writeUInt16LE(i, o);
    for (const i of s.outs) o = buf.writeUInt16LE(i, o);
    const columns = s.inNames.map((n) => inputs[n]);
    for (let c = start; c < start + rows; c++) {
      for (let k = 0; k < columns.length; k++) {
        const v = columns[k][c];
        const p = s.inPorts[k];
        // Fast path for the common case: a small unsigned number needs no bigint.
        if (typeof v === 'number' && s.inWords[k] === 1 && Number.isInteger(v) && v >= 0 && v < 2 ** p.width) {
          o = buf.writeUInt32LE(v, o);
          continue;
        }
        try {
          o = writeWords(buf, o, toBits(p, v), s.inWords[k]);
        } catch (e) {
          if (e instanceof UserError) throw new UserError(`batch cycle ${c}: ${e.message}`);
          throw e;
        }
      }
    }
    return buf;
  }

  private decodeBatch(payload: Buffer, s: BatchShape, start: number, rows: number, result: BatchOutputs): void {
    let r = 0;
    for (let c = start; c < start + rows; c++) {
      for (let k = 0; k < s.outPorts.length; k++) {
        const p = s.outPorts[k];
        const w = s.outWords[k];
        const bits = w === 1 ? BigInt(payload.readUInt32LE(r)) : readWords(payload, r, w);
        result[s.outNames[k]][c] = p.signed ? fromBits(p, bits) : bits;
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
    this.io.send(buf);
  }

  private needClock(what: string): void {
    if (this.clock < 0) throw new UserError(`${what}: ${this.top} has no clock (a combinational module): use eval()/peek()`);
  }
}
