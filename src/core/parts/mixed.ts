import { Bool, lit } from '../../hdl/index.ts';
import { MPC_ADDRESS, mpcDerive, mpcFieldsOf, mpcWord } from '../flexv/mpc.ts';
import { TRAP } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { stageable } from '../pipeline/stageable.ts';
import { DOT_OP, DOT_SIGN_A, DOT_SIGN_B, DOT_USE_MPC, MPC_FMT_A, MPC_FMT_B, MPC_IDX, SIGNS } from './simd.ts';

/** A mixed instruction: its formats come from `mpc` and it steps `mpc`'s idx/cnt when it leaves EX. */
export const MPC_STEP = stageable('mpc_step', Bool());

/**
 * The Flex-V mixed-precision controller (spec §5). `mpc` lives in the CSR file (CSR instructions read and
 * write it there); this part takes a side port on it, gives the dot-product unit the operand formats and
 * the sub-group (MPC_FMT_A/B, MPC_IDX), decodes the register-form mixed dot products and steps idx/cnt on
 * every mixed instruction (Mac&Load `.m` too: `macLoadPart` sets MPC_STEP). The step is recorded as an
 * `mpc` CSR write only when the value changes, as the golden model does.
 */
export function mixedPart(): Part {
  return {
    name: 'mixed',
    setup({ decode, pipeline, csrSide, isa }) {
      if (![...isa].some((id) => /^pv\.\w+\.m$/.test(id))) return; // no mixed instructions (xpulpnn)
      csrSide.push('mpc');
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
      const fields = mpcFieldsOf(port.value);
      const d = mpcDerive(fields);
      ex.insert(MPC_FMT_A, d.fmtA);
      ex.insert(MPC_FMT_B, d.fmtB);
      ex.insert(MPC_IDX, d.subGroup);
      const next = m.named('mpc_next', mpcWord({ ...fields, idx: d.nextIdx, cnt: d.nextCnt }));
      const mixed = ex.input(MPC_STEP).and(ex.input(TRAP).not());
      const changes = m.named('mpc_changes', mixed.and(next.ne(port.value)));
      port.we.set(ex.fire.and(changes));
      port.wdata.set(next);
      csrRecord.add(changes, [[lit(MPC_ADDRESS, 12), next]]);
    },
  };
}
