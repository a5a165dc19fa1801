import { Bool, index, lit, mux, UInt, type Expr } from '../../hdl/index.ts';
import { LaneFormat } from '../flexv/formats.ts';
import { IMM, NN_WRITE, NN_WRITE_DATA, NN_WRITE_INDEX, RS1_WB, TRAP } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';
import { LSU_LOAD, LSU_LOAD_DATA, LSU_NOT_RD, LSU_OFFSET, LSU_POSTINC, LSU_SIGNED, LSU_SIZE, Offset } from './lsu.ts';
import { MPC_STEP } from './mixed.ts';
import { CSR_OP } from './system.ts';
import { DOT_OP, DOT_SIGN_A, DOT_SIGN_B, DOT_USE_MPC, DOT_USE_NNRF, NNRF_A, NNRF_W, SIGNS, SIMD_FMT } from './simd.ts';

/** A Mac&Load instruction (pv.mlsdot*). */
export const MACLOAD = stageable('macload', Bool());
/** The NN-RF entry its load fills (0 A0, 1 A1, 2..5 W0..W3: the CSR 0x7D8 + index order). */
export const NN_TARGET = stageable('nn_target', UInt(3));

/** The NN-RF entries, kept in the CSR file (their CSRs 0x7D8..0x7DD, spec §4) in index order. */
const NN_CSRS = ['nnrf_a0', 'nnrf_a1', 'nnrf_w0', 'nnrf_w1', 'nnrf_w2', 'nnrf_w3'];

/** imm5 of Mac&Load: bit 0 selects A, bits 2:1 W, bit 3 loads A, bit 4 loads W (A wins). */
const loads = (imm: Expr) => imm.bits(4, 3).ne(0);

/**
 * XpulpNN Mac&Load with the NN register file (spec §4), and its mixed form `.m` (spec §5, formats from
 * `mpc`). In EX the dot-product unit of `simdPart` takes A[imm0] and W[imm2:1] (DOT_USE_NNRF) and
 * accumulates into rd; when imm5 asks for a load, the LSU loads the word at rs1 (post-increment by 4) and
 * the word lands in the NN-RF when the instruction leaves WB. So the dot product always reads the entries
 * from before its own load (the spec's order) and the sum goes to rd from EX.
 *
 * Hazard (decision: forward). A Mac&Load in EX reading the entry the Mac&Load in WB is loading takes the
 * load data that arrives in that cycle: one Mac&Load per cycle with one-cycle memory. A CSR instruction
 * in EX waits while WB holds an NN-RF load, so CSR reads and writes of the entries see program order.
 */
export function macLoadPart(): Part {
  return {
    name: 'mac-load',
    setup({ decode, pipeline, csrSide, isa }) {
      const ids = [...isa].filter((id) => /^pv\.mlsdot/.test(id));
      if (ids.length === 0) return;
      csrSide.push(...NN_CSRS);
      pipeline.produce(NNRF_A, 'ex');
      pipeline.produce(NNRF_W, 'ex');
      pipeline.produce(NN_TARGET, 'ex');
      pipeline.produce(LSU_LOAD_DATA, 'wb');
      for (const k of [NN_WRITE, NN_WRITE_INDEX, NN_WRITE_DATA]) pipeline.produce(k, 'wb');
      for (const id of ids) {
        const r = /^pv\.mlsdot(up|usp|sup|sp)\.([hbncm])$/.exec(id);
        if (!r) throw new Error(`mac-load: no operation for ${id}`);
        const [sa, sb] = SIGNS[r[1]!]!;
        const format: Array<[typeof MACLOAD, number]> = r[2] === 'm' ? [[DOT_USE_MPC, 1], [MPC_STEP, 1]] : [[SIMD_FMT, LaneFormat[r[2] as 'h']]];
        decode.add(id, [
          [MACLOAD, 1], [DOT_OP, 2], [DOT_SIGN_A, sa], [DOT_SIGN_B, sb], [DOT_USE_NNRF, 1], ...format,
          [LSU_LOAD, 1], [LSU_SIZE, 2], [LSU_SIGNED, 1], [LSU_POSTINC, 1], [LSU_OFFSET, Offset.word], [LSU_NOT_RD, 1],
        ], { imm: 'uimm' });
      }
      // Without a load there is no memory access and no rs1 write-back.
      const noLoad = (decoded: (k: typeof MACLOAD) => Expr, imm: Expr) => decoded(MACLOAD).and(loads(imm).not());
      decode.refine(LSU_LOAD, (v, decoded, imm) => v.and(noLoad(decoded, imm).not()));
      decode.refine(RS1_WB, (v, decoded, imm) => v.and(noLoad(decoded, imm).not()));
    },
    build({ m, pipeline, csrPorts }) {
      if (!pipeline.produces(NNRF_A)) return;
      const { ex, wb } = pipeline.stages;
      const ports = NN_CSRS.map((n) => csrPorts.get(n)!);
      const imm = ex.input(IMM);
      ex.insert(NN_TARGET, mux(imm.bit(3), imm.bits(0, 0).zext(3), imm.bits(2, 1).zext(3).add(2).trunc(3)));

      // The entry loaded by the Mac&Load in WB, written when it retires; forwarded to EX in that cycle.
      const landing = m.named('nn_landing', wb.valid.and(wb.input(MACLOAD)).and(wb.input(LSU_LOAD)).and(wb.input(TRAP).not()));
      const target = wb.input(NN_TARGET);
      const data = wb.input(LSU_LOAD_DATA);
      const entries = ports.map((p, i) => mux(landing.and(target.eq(i)), data, p.value));
      ex.insert(NNRF_A, m.named('nn_a', mux(imm.bit(0), entries[1]!, entries[0]!)));
      ex.insert(NNRF_W, m.named('nn_w', index(entries.slice(2), imm.bits(2, 1))));
      ports.forEach((p, i) => {
        p.we.set(wb.fire.and(landing).and(target.eq(i)));
        p.wdata.set(data);
      });
      ex.haltWhen(ex.valid.and(ex.input(CSR_OP).ne(0)).and(landing));

      // The retirement record's NN-RF write (retirePart puts it on rvfi_nn_*).
      wb.insert(NN_WRITE, landing);
      wb.insert(NN_WRITE_INDEX, mux(landing, target, lit(0, 3)));
      wb.insert(NN_WRITE_DATA, mux(landing, data, lit(0, 32)));
    },
  };
}
