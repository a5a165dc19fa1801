import { Bool, lit, module, mux, UInt } from '../../hdl/index.ts';
import { NNRF_INDEX_BITS } from './nnrf.ts';

/**
 * The Mac&Load controller of the core (spec §4), between the pipeline and the NN-RF (`flexv_nnrf`). The
 * Mac&Load's dot product runs in EX on the core's dot-product unit and its load goes through the core's LSU
 * (post-increment of rs1 included); this unit decides what happens when the load word comes back in WB:
 *  - `landing`: the instruction in WB is a Mac&Load whose load fills an NN-RF entry (not trapped);
 *  - `nn_we`/`nn_index`/`nn_data`: the NN-RF write, when WB retires it; `nn_fwd` (= `landing`) forwards
 *    the word through the NN-RF's bypass to a Mac&Load in EX reading the entry (decision: forward, no
 *    stall). The forward does not wait for the retire: EX cannot move before WB does, and `landing` comes
 *    from flip-flops, which keeps the LSU's "done" out of the forwarding mux's select;
 *  - `ex_hold`: a CSR instruction in EX waits while a load lands, so CSR reads and writes of the entries
 *    see program order (a CSR write and a load of one entry never meet in the NN-RF);
 *  - `rec_*`: the retirement record's NN-RF write (zero when there is none).
 */
export const macLoadCtrl = module('flexv_macload_ctrl', (m) => {
  const wbValid = m.input('wb_valid', Bool());
  const wbFire = m.input('wb_fire', Bool());
  const wbMacLoad = m.input('wb_macload', Bool());
  const wbLoad = m.input('wb_load', Bool());
  const wbTrap = m.input('wb_trap', Bool());
  const wbTarget = m.input('wb_target', UInt(NNRF_INDEX_BITS));
  const wbData = m.input('wb_data', UInt(32));
  const exCsr = m.input('ex_csr', Bool());
  const landing = m.output('landing', Bool());
  const nnWe = m.output('nn_we', Bool());
  const nnFwd = m.output('nn_fwd', Bool());
  const nnIndex = m.output('nn_index', UInt(NNRF_INDEX_BITS));
  const nnData = m.output('nn_data', UInt(32));
  const exHold = m.output('ex_hold', Bool());
  const recIndex = m.output('rec_index', UInt(NNRF_INDEX_BITS));
  const recData = m.output('rec_data', UInt(32));

  const lands = m.named('lands', wbValid.and(wbMacLoad).and(wbLoad).and(wbTrap.not()));
  landing.set(lands);
  nnWe.set(wbFire.and(lands));
  nnFwd.set(lands);
  nnIndex.set(wbTarget);
  nnData.set(wbData);
  exHold.set(exCsr.and(lands));
  recIndex.set(mux(lands, wbTarget, lit(0, NNRF_INDEX_BITS)));
  recData.set(mux(lands, wbData, lit(0, 32)));
  return { wbValid, wbFire, wbMacLoad, wbLoad, wbTrap, wbTarget, wbData, exCsr, landing, nnWe, nnFwd, nnIndex, nnData, exHold, recIndex, recData };
});
export default macLoadCtrl;
