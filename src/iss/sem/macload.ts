import { MACLOAD_SIGNS } from '../../isa/signs.ts';
import type { MacLoadSemantics } from '../../isa/types.ts';
import { vecFormat } from '../../isa/vec-formats.ts';
import type { Emitted, EmitCtx, Semantic } from '../emit.ts';
import { controllerSource, formatDotSource } from '../mixed.ts';
import { SB, SB_CSR } from '../status.ts';

/**
 * Mac&Load (spec §4, §5.2): rd += dot(A[sel], W[sel]) with the NN-RF values from before the load, then at
 * most one NN-RF entry is loaded (load A wins over load W); rd = x0 discards the sum. Signedness from
 * MACLOAD_SIGNS (`sup` = activations unsigned x weights signed).
 * - Legacy decoding: the row's lane width; the load address is rs1, then rs1 += 4.
 * - Status-based decoding: widths from `ivec_fmt` (mixed formats use sub-group c); the address comes from
 *   the activation or weight stream (`macl_{a,w}_address`), which then advances by its stride, or by its
 *   rollback when its counter equals its skip; rs1 is neither read nor written. A Mac&Load with rd != x0
 *   counts for the mixed-precision controller.
 */
const LOAD_A = 8, LOAD_W = 16;

export function macLoadSemantic(ml: MacLoadSemantics): Semantic {
  const { act: sa, wt: sw } = MACLOAD_SIGNS[ml.sign];
  return (c) => (c.statusBased ? statusBased(c, sa, sw) : legacy(c, ml.width, sa, sw));
}

/** The NN-RF entry the load writes (0 A0, 1 A1, 2..5 W0..W3), or -1 when imm5 asks for no load. */
function loadTarget(imm: number): { target: number; stream: 'a' | 'w' | undefined } {
  const a = imm & 1, w = 2 + ((imm >> 1) & 3);
  if (imm & LOAD_A) return { target: a, stream: 'a' };
  if (imm & LOAD_W) return { target: w, stream: 'w' };
  return { target: -1, stream: undefined };
}

function legacy(c: EmitCtx, width: number, sa: boolean, sw: boolean): Emitted {
  const imm = c.op('uimm');
  const a = imm & 1, w = 2 + ((imm >> 1) & 3);
  const rd = c.op('rd'), rs1 = c.op('rs1');
  const sum = c.tmp();
  let s = `${sum} = S.dot(${c.x(rd)}, NN[${a}], NN[${w}], ${width}, ${sa}, ${sw});\n`;
  const { target } = loadTarget(imm);
  if (target >= 0) {
    const base = c.tmp(), v = c.tmp();
    s += `${base} = ${c.x(rs1)};\n` + c.load(v, 4, true, base) + c.setNn(String(target), v) + c.setBase(rs1, `(${base} + 4) | 0`);
  }
  // rd is written last: when rd = rs1 the sum wins over the address update.
  return { code: s + c.setX(rd, sum) };
}

/** Slots of one address stream in the hart's `sb` state. */
const STREAM = {
  a: { address: SB.aAddress, stride: SB.aStride, rollback: SB.aRollback, skip: SB.aSkip, count: SB.aCount, csr: SB_CSR.aAddress },
  w: { address: SB.wAddress, stride: SB.wStride, rollback: SB.wRollback, skip: SB.wSkip, count: SB.wCount, csr: SB_CSR.wAddress },
};

function statusBased(c: EmitCtx, sa: boolean, sw: boolean): Emitted {
  const f = vecFormat(c.decodeMode);
  if (!f || f.act === undefined) return c.illegal(); // VEC_MODE32: no lanes (flexv definition)
  const imm = c.op('uimm');
  const a = imm & 1, w = 2 + ((imm >> 1) & 3);
  const rd = c.op('rd');
  const sum = c.tmp(), cyc = c.tmp(), av = c.tmp(), wv = c.tmp();
  // rd = x0: the sum is discarded and the instruction does not count for the controller.
  let s = rd !== 0 ? `${av} = NN[${a}]; ${wv} = NN[${w}];\n` + formatDotSource(f, sa, sw, sum, c.x(rd), av, wv, cyc) : '';
  const { target, stream } = loadTarget(imm);
  if (stream) {
    const st = STREAM[stream];
    const addr = c.tmp(), v = c.tmp();
    const sb = (i: number) => `SB[${i}]`;
    s +=
      `${addr} = ${sb(st.address)};\n` +
      c.load(v, 4, true, addr) +
      c.setNn(String(target), v) +
      `if (${sb(st.count)} === ${sb(st.skip)}) { ${sb(st.address)} = (${addr} + ${sb(st.rollback)}) | 0; ${sb(st.count)} = 0; }\n` +
      `else { ${sb(st.address)} = (${addr} + ${sb(st.stride)}) | 0; ${sb(st.count)} = (${sb(st.count)} + 1) | 0; }\n` +
      (c.traced ? `if (${sb(st.address)} !== ${addr}) h.recordCsr(${st.csr}, ${sb(st.address)});\n` : '');
  }
  if (rd !== 0) s += controllerSource(f, cyc, c.traced) + c.setX(rd, sum);
  return { code: s };
}
