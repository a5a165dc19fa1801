import { Bool, UInt, type Expr } from '../../hdl/index.ts';

/**
 * Fields of the retirement record beyond the base ones (pc, registers, bus beats, CSR writes): an extension
 * registers each with its value in WB, and the retire part emits it as `rvfi_<name>` (the Mac&Load part's
 * NN-RF write). A configuration without the extension has no such port.
 */
export class RecordFieldService {
  private readonly fields: Array<{ name: string; value: Expr }> = [];

  /** A field with its value for the instruction in WB (build phase). */
  add(name: string, value: Expr): void {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`record field '${name}' must be lower_snake_case`);
    if (this.fields.some((f) => f.name === name)) throw new Error(`record field '${name}' added twice`);
    this.fields.push({ name, value });
  }

  /** The registered fields, to emit (read when the pipeline finishes). */
  list(): ReadonlyArray<{ name: string; value: Expr }> {
    return this.fields;
  }

  /** The port type of a field. */
  static typeOf(value: Expr) {
    return value.width === 1 ? Bool() : UInt(value.width);
  }
}
