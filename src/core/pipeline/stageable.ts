import type { GroundT } from '../../hdl/index.ts';

/**
 * A named pipeline value (VexRiscv's `Stageable`): one part inserts it in the stage that computes it, any
 * later stage reads it with `stage.input(key)`, and the pipeline framework adds the registers in between.
 */
export interface Stageable {
  readonly name: string;
  readonly type: GroundT;
}

export function stageable(name: string, type: GroundT): Stageable {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`stageable name '${name}' must be lower_snake_case`);
  return { name, type };
}
