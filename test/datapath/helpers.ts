import { join } from 'node:path';
import { elaborate, emit, writeEmit, type EmitResult, type ModuleGenerator } from '../../src/hdl/index.ts';
import { lintVerilator, simulate, type BatchInputs, type Simulator } from '../../src/sim/index.ts';
import { yosysCheck } from '../../src/synth/index.ts';
import { hasTool } from '../../src/util/tools.ts';

/** Tools the datapath tests need; they skip cleanly where one is missing. */
export const verilatorReady = await hasTool('verilator');
export const yosysReady = await hasTool('yosys');

export const BUILD_DIR = 'build/test-datapath';

/** Elaborates and emits a unit, writing its SV under build/test-datapath/<name>. */
export async function emitUnit(gen: unknown, params: Record<string, unknown>, name: string): Promise<{ result: EmitResult; dir: string }> {
  const result = emit(elaborate(gen as ModuleGenerator, params));
  const dir = join(BUILD_DIR, name);
  await writeEmit(result, dir);
  return { result, dir };
}

/** Verilator -Wall lint messages and Yosys errors of an emitted unit (both empty when clean). */
export async function cleanliness(dir: string, top: string): Promise<{ lint: string[]; yosys: string[] }> {
  const lint = await lintVerilator(dir, { top });
  const yosys = await yosysCheck(dir, top);
  return { lint: lint.messages.map(String), yosys: yosys.ok ? [] : yosys.errors.length ? yosys.errors : ['yosys failed'] };
}

/** Runs one batch on a fresh simulator of `result` (random initial state from `seed`) and closes it. */
export async function runBatch(result: EmitResult, inputs: BatchInputs, outputs: string[], seed: number, reset = false): Promise<Record<string, bigint[]>> {
  const sim: Simulator = await simulate(result, { randomInit: seed });
  try {
    if (reset) sim.reset(2);
    const out = await sim.batch(inputs, outputs);
    await sim.close();
    return out;
  } catch (e) {
    sim.kill();
    throw e;
  }
}

/** Unsigned 32-bit bigint of an int32 the golden model returns. */
export const u32 = (v: number): bigint => BigInt(v >>> 0);

/** Operand values that stress signs and carries, mixed into the random ones. */
export const EDGE_WORDS = [0, 0xffffffff, 0x80000000, 0x7fffffff, 0x55555555, 0xaaaaaaaa, 0x88888888, 0x77777777, 0x01010101, 0x80808080];

/** `hex` for failure messages. */
export const hex = (v: bigint | number): string => `0x${(typeof v === 'number' ? v >>> 0 : v).toString(16)}`;
