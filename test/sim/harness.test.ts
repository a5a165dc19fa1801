import { existsSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModel, simulate, Simulator, SimulatorError } from '../../src/sim/index.ts';
import { Random } from '../../src/sim/random.ts';
import { defaultCacheDir, PROJECT_ROOT } from '../../src/sim/verilator.ts';
import { UserError } from '../../src/util/errors.ts';
import { counter, noReset, stopper, widths } from './fixtures.ts';

const open: Simulator[] = [];
async function start(...args: Parameters<typeof simulate>): Promise<Simulator> {
  const sim = await simulate(...args);
  open.push(sim);
  return sim;
}
afterAll(async () => {
  for (const s of open) s.kill();
});

describe('clocked module: poke, step, peek, reset', () => {
  it('counts, loads and resets with the documented timing', async () => {
    const sim = await start(counter);
    sim.reset(2);
    expect(await sim.peek('count_o')).toBe(0n);
    sim.poke('en_i', 1);
    // The input is visible combinationally before any edge...
    expect(await sim.peek('wrap_o')).toBe(0n);
    sim.step(5);
    expect(await sim.peek('count_o')).toBe(5n);
    sim.poke('load_val_i', 0xff);
    sim.poke('load_i', 1);
    // ...but registers only take it at the rising edge.
    expect(await sim.peek('count_o')).toBe(5n);
    sim.step();
    sim.poke('load_i', 0);
    expect(await sim.peek('count_o')).toBe(255n);
    expect(await sim.peek('wrap_o')).toBe(1n);
    sim.step();
    expect(await sim.peek('count_o')).toBe(0n);
    sim.step(3);
    sim.reset();
    expect(await sim.peek('count_o')).toBe(0n);
    expect(await sim.sync()).toBeGreaterThan(0n);
    // runUntil: clock until an output shows a value, in one round trip.
    sim.reset();
    sim.poke('en_i', 1);
    expect(await sim.runUntil('count_o', 200, 1000)).toEqual({ cycles: 200, met: true });
    expect(await sim.runUntil('count_o', 200, 1000)).toEqual({ cycles: 0, met: true });
    expect(await sim.runUntil('wrap_o', 1, 10)).toEqual({ cycles: 10, met: false });
    expect(await sim.peek('count_o')).toBe(210n);
    await expect(sim.runUntil('count_o', 256, 5)).rejects.toThrow(/does not fit/);
    await sim.close();
  });

  it('batch samples each cycle before its clock edge and matches step-by-step driving', async () => {
    const rng = new Random(7);
    const n = 3000;
    const en = Array.from({ length: n }, () => (rng.chance(0.7) ? 1 : 0));
    const load = Array.from({ length: n }, () => (rng.chance(0.05) ? 1 : 0));
    const val = Array.from({ length: n }, () => rng.bits(8));
    const a = await start(counter);
    a.reset();
    const got = await a.batch({ en_i: en, load_i: load, load_val_i: val }, ['count_o', 'wrap_o']);
    const b = await start(counter);
    b.reset();
    let model = 0;
    for (let c = 0; c < n; c++) {
      expect(got.count_o[c]).toBe(BigInt(model));
      expect(got.wrap_o[c]).toBe(BigInt(en[c] && model === 255 ? 1 : 0));
      if (c < 50) {
        b.poke('en_i', en[c]);
        b.poke('load_i', load[c]);
        b.poke('load_val_i', val[c]);
        expect(await b.peek('count_o')).toBe(got.count_o[c]);
        b.step();
      }
      model = load[c] ? val[c] : en[c] ? (model + 1) & 0xff : model;
    }
    expect(await a.peek('count_o')).toBe(BigInt(model));
    // Without input columns a batch just samples the outputs for the number of cycles given.
    a.poke('load_i', 0);
    a.poke('en_i', 1);
    const free = await a.batch({}, ['count_o'], 4);
    expect(free.count_o).toEqual([0n, 1n, 2n, 3n].map((k) => (BigInt(model) + k) & 0xffn));
    await expect(a.batch({}, ['count_o'])).rejects.toThrow(/say how many cycles/);
    // Longer than one chunk (65536 rows): chunks are pipelined and stitched back in order.
    const long = 140_000;
    a.reset();
    const big = await a.batch({ en_i: new Array(long).fill(1), load_i: new Array(long).fill(0) }, ['count_o']);
    expect(big.count_o.length).toBe(long);
    expect(big.count_o.every((v, c) => v === BigInt(c & 0xff))).toBe(true);
    // Concurrent peeks are pipelined and answered in order.
    const [count, wrap] = await Promise.all([a.peek('count_o'), a.peek('wrap_o')]);
    expect([count, wrap]).toEqual([BigInt(long & 0xff), 0n]);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('ports of any width', () => {
  it('round-trips 33, 64, 70 and 128-bit values and signed values, one by one and in batch', async () => {
    const sim = await start(widths);
    const rng = new Random(11);
    const mask = (w: number) => (1n << BigInt(w)) - 1n;
    const rows = 500;
    const cols = { a_i: [] as bigint[], b_i: [] as bigint[], c_i: [] as bigint[], d_i: [] as bigint[], s_i: [] as number[] };
    for (let i = 0; i < rows; i++) {
      cols.a_i.push(rng.bigBits(33));
      cols.b_i.push(i === 0 ? mask(64) : rng.bigBits(64));
      cols.c_i.push(rng.bigBits(70));
      cols.d_i.push(rng.bigBits(128));
      cols.s_i.push(rng.below(4096) - 2048);
    }
    const got = await sim.batch(cols, ['a_o', 'b_o', 'c_o', 'd_o', 's_o', 'par_o']);
    for (let i = 0; i < rows; i++) {
      const { a_i: a, b_i: b, c_i: c, d_i: d, s_i: s } = { a_i: cols.a_i[i], b_i: cols.b_i[i], c_i: cols.c_i[i], d_i: cols.d_i[i], s_i: cols.s_i[i] };
      expect(got.a_o[i]).toBe(~a & mask(33));
      expect(got.b_o[i]).toBe((b + 1n) & mask(64));
      expect(got.c_o[i]).toBe(((c & 1n) << 69n) | (c >> 1n));
      expect(got.d_o[i]).toBe(d ^ b);
      expect(got.s_o[i]).toBe(BigInt(s) - 1n);
      const all = (a << 300n) | (b << 200n) | (c << 128n) | d;
      const ones = [...(all.toString(2) + (BigInt(s) & mask(12)).toString(2))].filter((x) => x === '1').length;
      expect(got.par_o[i]).toBe(BigInt(ones & 1));
    }
    sim.poke('d_i', mask(128));
    sim.poke('b_i', 0);
    expect(await sim.peek('d_o')).toBe(mask(128));
    sim.poke('s_i', -2048);
    expect(await sim.peek('s_o')).toBe(-2049n);
    sim.poke('s_i', 0xfff); // a raw bit pattern is accepted for a signed port
    expect(await sim.peek('s_o')).toBe(-2n);
    await sim.close();
  });

  it('a combinational module evaluates without a clock and refuses step()', async () => {
    const sim = await start(widths);
    sim.poke('a_i', 0);
    sim.eval();
    expect(await sim.peek('a_o')).toBe((1n << 33n) - 1n);
    expect(() => sim.step()).toThrow(/h2_widths has no clock/);
    await sim.close();
  });
});

describe('initial state', () => {
  it('is zero by default and reproducibly random with randomInit', async () => {
    const peekStart = async (randomInit?: number) => {
      const sim = await start(noReset, { randomInit });
      const v = await sim.peek('q_o');
      await sim.close();
      return v;
    };
    expect(await peekStart()).toBe(0n);
    const a = await peekStart(7);
    expect(a).not.toBe(0n);
    expect(await peekStart(7)).toBe(a);
    expect(await peekStart(8)).not.toBe(a);
    // Inputs are not state: they still start at 0 (en_i = 0 holds the random value).
    const sim = await start(noReset, { randomInit: 7 });
    sim.step(3);
    expect(await sim.peek('q_o')).toBe(a);
    await sim.close();
    await expect(peekStart(0)).rejects.toThrow(/randomInit must be a positive integer seed/);
  });
});

describe('clear errors', () => {
  it('names unknown ports, outputs, the clock and values that do not fit', async () => {
    const sim = await start(counter);
    expect(() => sim.poke('nope_i', 1)).toThrow(/h2_counter has no port 'nope_i' \(ports: clk_i, rst_ni/);
    await expect(sim.peek('nope_o')).rejects.toThrow(/no port 'nope_o'/);
    expect(() => sim.poke('count_o', 1)).toThrow(/cannot drive 8-bit unsigned output count_o of h2_counter: it is an output/);
    expect(() => sim.poke('clk_i', 1)).toThrow(/clk_i is the clock of h2_counter: use step\(\)/);
    expect(() => sim.poke('load_val_i', 256)).toThrow(/value 256 does not fit 8-bit unsigned input load_val_i \(accepted: 0..255\)/);
    expect(() => sim.poke('load_val_i', -1n)).toThrow(/value -1 does not fit/);
    expect(() => sim.poke('load_val_i', 1.5)).toThrow(/not a safe integer/);
    await expect(sim.batch({ en_i: [1, 1], load_i: [0] }, ['count_o'])).rejects.toThrow(/different lengths \(en_i: 2, load_i: 1\)/);
    await expect(sim.batch({ load_val_i: [1, 2, 300] }, ['count_o'])).rejects.toThrow(/batch cycle 2: value 300 does not fit/);
    // The bad calls queued nothing: the simulator still works.
    sim.reset();
    sim.poke('en_i', 1);
    sim.step(3);
    expect(await sim.peek('count_o')).toBe(3n);
    await sim.close();
    expect(() => sim.poke('en_i', 0)).toThrow(/closed/);
  });

  it('reports a simulator that dies, with its stderr, and $finish as a flag', async () => {
    const sim = await start(stopper);
    sim.poke('done_i', 1);
    sim.step();
    expect(await sim.peek('alive_o')).toBe(1n);
    expect(sim.finished).toBe(true);
    sim.poke('done_i', 0);
    sim.poke('boom_i', 1);
    sim.step();
    const err = await sim.peek('alive_o').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimulatorError);
    expect((err as Error).message).toMatch(/simulator of h2_stopper (exited with code|was killed by)[\s\S]*boom_i was set/);
    // Every later request fails the same way instead of hanging.
    await expect(sim.sync()).rejects.toThrow(/boom_i was set/);
  });

  it('rejects designs the harness cannot drive before running Verilator', async () => {
    await expect(buildModel({ ...counter, clock: 'clock' })).rejects.toThrow(/clock 'clock' is not a port of h2_counter/);
    await expect(buildModel({ ...counter, reset: 'count_o' })).rejects.toThrow(/reset 'count_o' must be a 1-bit input/);
    const bad = { ...counter, files: [{ name: 'h2_counter.sv', text: 'module h2_counter(input logic a_i); assign b = ; endmodule\n' }] };
    await expect(buildModel(bad)).rejects.toThrow(UserError);
    await expect(buildModel(bad)).rejects.toThrow(/Verilator could not build h2_counter:[\s\S]*%Error/);
  });
});

describe('build cache', () => {
  const cacheDir = join(PROJECT_ROOT, 'build', `sim-test-cache-${process.pid}`);
  afterAll(() => rm(cacheDir, { recursive: true, force: true }));

  it('builds once even when two builders race, then serves the cache', async () => {
    // Seed the fresh cache with the compiled Verilator runtime (it is model-independent), so the race
    // below is between two model builds, not two runtime builds.
    await buildModel(stopper);
    await mkdir(cacheDir, { recursive: true });
    for (const d of await readdir(defaultCacheDir())) {
      if (d.startsWith('runtime-')) await cp(join(defaultCacheDir(), d), join(cacheDir, d), { recursive: true });
    }
    const [a, b] = await Promise.all([buildModel(counter, { cacheDir }), buildModel(counter, { cacheDir })]);
    expect(a.exe).toBe(b.exe);
    expect(existsSync(a.exe)).toBe(true);
    const again = await buildModel(counter, { cacheDir });
    expect(again.built).toBe(false);
    expect(again.exe).toBe(a.exe);
    // Any change to the SystemVerilog is a different model.
    const changed = { ...counter, files: [{ ...counter.files[0], text: counter.files[0].text.replace("8'd1", "8'd2") }] };
    const c = await buildModel(changed, { cacheDir });
    expect(c.built).toBe(true);
    expect(c.exe).not.toBe(a.exe);
    const sim = Simulator.start(c);
    open.push(sim);
    sim.reset();
    sim.poke('en_i', 1);
    sim.step(3);
    expect(await sim.peek('count_o')).toBe(6n);
    await sim.close();
  });
});

describe('FST waveform', () => {
  it('writes the waveform of a run to the given path', async () => {
    const path = join(PROJECT_ROOT, 'build', `sim-test-${process.pid}.fst`);
    await rm(path, { force: true });
    const sim = await start(counter, { fst: path });
    sim.reset();
    sim.poke('en_i', 1);
    sim.step(20);
    expect(await sim.peek('count_o')).toBe(20n);
    await sim.close();
    // FST starts with its header block: type byte 0, u64 length, then u64 start and end time (big-endian).
    // Two time units per cycle, 21 cycles (1 of reset + 20).
    const fst = readFileSync(path);
    expect(fst[0]).toBe(0);
    expect([fst.readBigUInt64BE(9), fst.readBigUInt64BE(17)]).toEqual([0n, 42n]);
    expect(statSync(path).size).toBeGreaterThan(100);
    await rm(path, { force: true });
    // A window: dumping paused for the first 100 cycles, so the waveform starts at time 200.
    const windowed = await start(counter, { fst: path });
    windowed.trace(false);
    windowed.reset();
    windowed.step(99);
    windowed.trace(true);
    windowed.step(10);
    await windowed.close();
    const w = readFileSync(path);
    expect([w.readBigUInt64BE(9), w.readBigUInt64BE(17)]).toEqual([200n, 220n]);
    await rm(path, { force: true });
    const plain = await buildModel(counter);
    expect(() => Simulator.start(plain, { fst: path })).toThrow(/built with trace enabled/);
  });
});

describe('the docs/sim.md example', () => {
  it('runs as documented on the library counter', async () => {
    const { elaborate, emit } = await import('../../src/hdl/index.ts');
    const { counter: counterBlock } = await import('../../src/blocks/index.ts');
    const sim = await start(emit(elaborate(counterBlock, { width: 8 })));
    sim.reset(2);
    sim.poke('en_i', 1);
    sim.step(10);
    expect(await sim.peek('count_o')).toBe(10n);
    const out = await sim.batch(
      { en_i: [1, 1, 0, 1], load_i: [0, 0, 0, 1], load_value_i: [0, 0, 0, 200] },
      ['count_o', 'wrap_o'],
    );
    expect(out.count_o).toEqual([10n, 11n, 12n, 12n]);
    expect(await sim.peek('count_o')).toBe(200n);
    await sim.close();
  });
});
