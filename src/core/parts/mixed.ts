import { Bool, lit } from '../../hdl/index.ts';
import { hasMixed } from '../flexv/features.ts';
import { MPC_ADDRESS, mpcUnit } from '../flexv/mpc.ts';
import { TRAP } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';
import { DOT_OP, DOT_SIGN_A, DOT_SIGN_B, DOT_USE_MPC, MPC_FMT_A, MPC_FMT_B, MPC_IDX, SIGNS } from './simd.ts';

/** A mixed instruction: its formats come from `mpc` and it steps `mpc`'s idx/cnt when it leaves EX. */
export const MPC_STEP = stageable('mpc_step', Bool());

/**
 * The Flex-V mixed-precision controller (spec §5): the `mpc` register and its step are the unit `u_mpc`
 * (`flexv_mpc`, 22 flip-flops); CSR instructions reach it through the CSR file's external port. This part
 * gives the dot-product unit the operand formats and the sub-group (MPC_FMT_A/B, MPC_IDX), decodes the register-form mixed dot products and steps idx/cnt on
 * every mixed instruction (Mac&Load `.m` too: `macLoadPart` sets MPC_STEP). The step is recorded as an
 * `mpc` CSR write only when the value changes, as the golden model does.
 */
export function mixedPart(): Part {
  return {
    name: 'mixed',
    setup({ decode, pipeline, csrExternal, isa }) {
      if (!hasMixed(isa)) return; // no mixed instructions (xpulpnn)
      csrExternal.push('mpc');
      decode.control(MPC_STEP);
      pipeline.produce(MPC_FMT_A, 'ex');
      pipeline.produce(MPC_FMT_B, 'ex');
      pipeline.produce(MPC_IDX, 'ex');
      for (const id of isa) {
        const r = /^pv\.(s?)dot(up|usp|sp)\.m$/.exec(id);
        if (!r) continue;
        const [sa, sb] = SIGNS[r[2]!]!;
        decode.add(id, [[DOT_OP, r[1] ? 2 : 1], [DOT_SIGN_A, sa], [DOT_SIGN_B, sb], [DOT_USE_MPC, 1], [MPC_STEP, 1]]);
      }
    },
    build({ m, pipeline, csrPorts, csrRecord }) {
      if (!pipeline.produces(MPC_FMT_A)) return;
      const ex = pipeline.stages.ex;
      const port = csrPorts.get('mpc')!;
      const mpc = m.instance(mpcUnit, {}, 'mpc');
      port.value.set(mpc.mpc);
      mpc.csrWe.set(port.we);
      mpc.csrWdata.set(port.wdata);
      ex.insert(MPC_FMT_A, mpc.fmtA);
      ex.insert(MPC_FMT_B, mpc.fmtB);
      ex.insert(MPC_IDX, mpc.idx);
      const mixed = ex.input(MPC_STEP).and(ex.input(TRAP).not());
      mpc.step.set(ex.fire.and(mixed));
      const changes = m.named('mpc_changes', mixed.and(mpc.next.ne(mpc.mpc)));
      csrRecord.add(changes, [[lit(MPC_ADDRESS, 12), mpc.next]]);
    },
  };
}
