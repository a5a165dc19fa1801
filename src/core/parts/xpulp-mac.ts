import { Bool, lit, UInt } from '../../hdl/index.ts';
import { instructionById } from '../../isa/index.ts';
import { IMM, RS1_VALUE, RS2_VALUE, RS3_VALUE } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';
import { MAC_OP_T, MacOp, xpulpMac } from '../units/xpulp-mac.ts';

export const XMAC_OP = stageable('xmac_op', MAC_OP_T);
export const XMAC_HIGH = stageable('xmac_high', Bool());
export const XMAC_SIGNED = stageable('xmac_signed', Bool());
export const XMAC_ACC = stageable('xmac_acc', Bool());
export const XMAC_ROUND = stageable('xmac_round', Bool());

/** p.mul{s,hhs,u,hhu}[N][R], p.mac{s,hhs,u,hhu}[N][R] -> [high, signed, accumulate, round]. */
function halfForm(id: string): [boolean, boolean, boolean, boolean] | undefined {
  const r = /^p\.(mul|mac)(s|hhs|u|hhu)(N?)(R?)$/.exec(id);
  if (!r) return undefined;
  return [r[2]!.startsWith('hh'), r[2]!.endsWith('s'), r[1] === 'mac', r[4] === 'R'];
}

/** XpulpV2 multiply-accumulate and 16-bit fixed-point multiplies on the `xpulp_mac` unit in EX. */
export function xpulpMacPart(): Part {
  return {
    name: 'xpulp-mac',
    setup({ decode, isa }) {
      for (const id of isa) {
        const def = instructionById(id)!;
        if (def.ext !== 'xpulpv2' || (def.sem !== 'mac' && def.sem !== 'mul')) continue;
        if (id === 'p.mac' || id === 'p.msu') {
          decode.add(id, [[XMAC_OP, id === 'p.mac' ? MacOp.mac : MacOp.msu]], { imm: null });
          continue;
        }
        const form = halfForm(id);
        if (!form) throw new Error(`xpulp-mac: no operation for ${id}`);
        const [high, signed, acc, round] = form;
        decode.add(id, [[XMAC_OP, MacOp.halves], [XMAC_HIGH, high ? 1 : 0], [XMAC_SIGNED, signed ? 1 : 0], [XMAC_ACC, acc ? 1 : 0], [XMAC_ROUND, round ? 1 : 0]],
          { imm: def.operands.some((o) => o.name === 'uimm') ? 'uimm' : null });
      }
    },
    build({ m, pipeline, exResult }) {
      const ex = pipeline.stages.ex;
      const u = m.instance(xpulpMac, {}, 'xpulp_mac');
      u.op.set(ex.input(XMAC_OP));
      u.high.set(ex.input(XMAC_HIGH));
      u.signed.set(ex.input(XMAC_SIGNED));
      u.accumulate.set(ex.input(XMAC_ACC));
      u.round.set(ex.input(XMAC_ROUND));
      u.n.set(ex.input(IMM).bits(4, 0));
      u.a.set(ex.input(RS1_VALUE));
      u.b.set(ex.input(RS2_VALUE));
      u.acc.set(pipeline.produces(RS3_VALUE) ? ex.input(RS3_VALUE) : lit(0, 32));
      exResult.add(ex.input(XMAC_OP).ne(0), u.result);
    },
  };
}
