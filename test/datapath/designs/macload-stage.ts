// Test harness design: the Flex-V units wired the way docs/datapath.md tells the core to — NN-RF read
// and dot product in EX, the Mac&Load's load data written into the NN-RF one cycle later (WB) through
// the bypassed write port — so a stream of back-to-back Mac&Load and CSR instructions can be checked
// against the golden model executing the same program.
import { Bool, lit, module, UInt } from '../../../src/hdl/index.ts';
import { dotpUnit } from '../../../src/core/flexv/dotp-unit.ts';
import { LANE_FORMAT_BITS } from '../../../src/core/flexv/formats.ts';
import { nnrf } from '../../../src/core/flexv/nnrf.ts';

export const macLoadStage = module('flexv_macload_stage', (m) => {
  // EX: one instruction per cycle.
  const macLoad = m.input('mac_load', Bool()); // a pv.mlsdot* in EX
  const fmt = m.input('fmt', UInt(LANE_FORMAT_BITS)); // lane format of the uniform forms
  const signA = m.input('sign_a', Bool());
  const signB = m.input('sign_b', Bool());
  const imm = m.input('imm', UInt(5));
  const acc = m.input('acc', UInt(32)); // old rd
  const csrWe = m.input('csr_we', Bool()); // a CSR write of an NN-RF entry in EX
  const csrAddr = m.input('csr_addr', UInt(12)); // also the observed NN-RF entry when not writing
  const csrWdata = m.input('csr_wdata', UInt(32));
  // WB: the memory's answer to the load of the instruction that was in EX last cycle.
  const wbRdata = m.input('wb_rdata', UInt(32));
  const result = m.output('result', UInt(32));
  const nnValue = m.output('nn', UInt(32));

  const rf = m.instance(nnrf, { bypass: true }, 'nnrf');
  const dotp = m.instance(dotpUnit, {}, 'dotp_unit');

  rf.imm.set(imm);
  const wbLoad = m.regNext('wb_load', macLoad.and(rf.load));
  const wbIndex = m.regNext('wb_index', rf.loadIndex, { reset: null });
  rf.wrEn.set(wbLoad);
  rf.wrFwd!.set(wbLoad);
  rf.wrIndex.set(wbIndex);
  rf.wrData.set(wbRdata);
  rf.csrAddr.set(csrAddr);
  rf.csrWe.set(csrWe);
  rf.csrWdata.set(csrWdata);

  dotp.fmtA.set(fmt);
  dotp.fmtB.set(fmt);
  dotp.idx.set(lit(0, 3));
  dotp.signA.set(signA);
  dotp.signB.set(signB);
  dotp.accumulate.set(macLoad);
  dotp.a.set(rf.a);
  dotp.b.set(rf.w);
  dotp.acc.set(acc);
  result.set(dotp.result);
  nnValue.set(rf.csrRdata);
  return { macLoad, fmt, signA, signB, imm, acc, csrWe, csrAddr, csrWdata, wbRdata, result, nn: nnValue };
});
export default macLoadStage;
