import type { EmitResult } from '../../src/hdl/index.ts';
import { moduleName } from '../../src/hdl/emit/names.ts';

/** One bug planted in an emitted design: a text edit of one generated file. */
export interface Plant {
  /** What the bug does, for messages. */
  what: string;
  file: string;
  find: string;
  replace: string;
}

/**
 * The design with the bugs planted: each `find` must occur exactly once in its file, so a change of the
 * generator that moves the code fails here loudly instead of silently testing the unchanged design.
 */
export function plantBugs(design: EmitResult, plants: Plant[]): EmitResult {
  const files = design.files.map((f) => ({ ...f }));
  for (const p of plants) {
    const f = files.find((x) => x.name === p.file);
    if (!f) throw new Error(`plant '${p.what}': the design has no file ${p.file}`);
    const n = f.text.split(p.find).length - 1;
    if (n !== 1) throw new Error(`plant '${p.what}': '${p.find}' occurs ${n} times in ${p.file}, expected once`);
    f.text = f.text.replace(p.find, p.replace);
  }
  return { ...design, files };
}

/**
 * A byte store enables all four byte lanes on the bus (it overwrites its neighbours), while the core's own
 * retirement outputs (rvfi_mem*) still report the right mask.
 */
export const STORE_BYTE_ENABLES: Plant = {
  what: 'store byte enables',
  file: `${moduleName('load_store_unit')}.sv`,
  find: "assign data_be_o = second_beat_q ? 4'(ex_done_shl >> 4) : 4'(ex_done_shl);",
  replace: "assign data_be_o = second_beat_q ? 4'(ex_done_shl >> 4) : ((ex_write_i & (ex_size_i == flexv_pkg::SIZE_BYTE)) ? 4'hf : 4'(ex_done_shl));",
};

/** The second beat of a misaligned store carries its lanes shifted by one byte (the first beat is right). */
export const SECOND_BEAT_LANES: Plant = {
  what: 'second-beat store lanes',
  file: `${moduleName('load_store_unit')}.sv`,
  find: 'assign data_wdata_o = second_beat_q ? ex_wdata_wide[63:32] : ex_wdata_wide[31:0];',
  replace: 'assign data_wdata_o = second_beat_q ? ex_wdata_wide[55:24] : ex_wdata_wide[31:0];',
};

/** mcycle never counts (it still takes writes). */
export const STUCK_MCYCLE: Plant = {
  what: 'stuck mcycle',
  file: `${moduleName('csr_file')}.sv`,
  find: "mcountinhibit_reg_q[0] ? mcycle_q\n      : (mcycle_q + 64'h1);",
  replace: 'mcountinhibit_reg_q[0] ? mcycle_q\n      : mcycle_q;',
};
