import { Bool, cat, Enum, lit, module, mux, UInt, type Expr } from '../../hdl/index.ts';

/** Access size, log2 of the bytes. */
export const LSU_SIZE_T = Enum('lsu_size', { byte: 0, half: 1, word: 2 }, { width: 2, prefix: 'SIZE' });

/**
 * The load-store unit: an OBI-like data port (req/gnt, then rvalid in order) and misaligned accesses split
 * into two word beats, as the golden model records them. EX side: `ex_req` asks to issue the access of the
 * instruction in EX (only while WB can take it, so responses arrive in order for one instruction at a
 * time); `ex_done` says every beat is granted. WB side: `wb_done` once every response has arrived, then
 * the load value and the recorded beats.
 */
export const loadStoreUnit = module('load_store_unit', (m) => {
  const exReq = m.input('ex_req', Bool());
  const exAddr = m.input('ex_addr', UInt(32));
  const exSize = m.input('ex_size', LSU_SIZE_T);
  const exWrite = m.input('ex_write', Bool());
  const exWdata = m.input('ex_wdata', UInt(32));
  const exDone = m.output('ex_done', Bool());

  const dataReq = m.output('data_req', Bool());
  const dataAddr = m.output('data_addr', UInt(32));
  const dataWe = m.output('data_we', Bool());
  const dataBe = m.output('data_be', UInt(4));
  const dataWdata = m.output('data_wdata', UInt(32));
  const dataGnt = m.input('data_gnt', Bool());
  const dataRvalid = m.input('data_rvalid', Bool());
  const dataRdata = m.input('data_rdata', UInt(32));

  const wbMem = m.input('wb_mem', Bool());
  const wbAddr = m.input('wb_addr', UInt(32));
  const wbSize = m.input('wb_size', LSU_SIZE_T);
  const wbSigned = m.input('wb_signed', Bool());
  const wbWrite = m.input('wb_write', Bool());
  const wbWdata = m.input('wb_wdata', UInt(32));
  const wbRetire = m.input('wb_retire', Bool());
  const wbDone = m.output('wb_done', Bool());
  const loadValue = m.output('load_value', UInt(32));
  const memCount = m.output('mem_count', UInt(2));
  const beat0Addr = m.output('beat0_addr', UInt(32));
  const beat0Data = m.output('beat0_data', UInt(32));
  const beat0Mask = m.output('beat0_mask', UInt(4));
  const beat1Addr = m.output('beat1_addr', UInt(32));
  const beat1Data = m.output('beat1_data', UInt(32));
  const beat1Mask = m.output('beat1_mask', UInt(4));

  /** Byte enables of the two beats of an access, and whether it needs the second. */
  const lanes = (addr: Expr, size: Expr) => {
    const bytes = mux(size.eq(0), lit(0b0001, 8), mux(size.eq(1), lit(0b0011, 8), lit(0b1111, 8)));
    const spread = bytes.shl(addr.bits(1, 0));
    return { be0: spread.bits(3, 0), be1: spread.bits(7, 4), split: spread.bits(7, 4).ne(0) };
  };
  const byteMask = (be: Expr) => cat(be.bit(3).repeat(8), be.bit(2).repeat(8), be.bit(1).repeat(8), be.bit(0).repeat(8));
  const shiftBytes = (addr: Expr) => cat(addr.bits(1, 0), lit(0, 3)).zext(6);

  // EX: issue beat 0, then beat 1 of a split access.
  const secondBeat = m.reg('second_beat', Bool());
  const ex = lanes(exAddr, exSize);
  const wide = m.named('ex_wdata_wide', exWdata.zext(64).shl(shiftBytes(exAddr)));
  const word0 = cat(exAddr.bits(31, 2), lit(0, 2));
  dataReq.set(exReq);
  dataAddr.set(mux(secondBeat, word0.add(4), word0));
  dataWe.set(exWrite);
  dataBe.set(mux(secondBeat, ex.be1, ex.be0));
  dataWdata.set(mux(secondBeat, wide.bits(63, 32), wide.bits(31, 0)));
  const granted = exReq.and(dataGnt);
  m.when(granted.and(ex.split).and(secondBeat.not()), () => secondBeat.setNext(true)).elseWhen(granted, () => secondBeat.setNext(false));
  exDone.set(granted.and(ex.split.not().or(secondBeat)));

  // WB: count responses of the oldest memory instruction; keep the first beat's data.
  const received = m.reg('received', UInt(2));
  const firstData = m.reg('first_data', UInt(32));
  const wb = lanes(wbAddr, wbSize);
  const needed = mux(wb.split, lit(2, 2), lit(1, 2));
  const have = received.add(dataRvalid.zext(2));
  wbDone.set(wbMem.and(have.ge(needed)));
  m.when(dataRvalid.and(received.eq(0)), () => firstData.setNext(dataRdata));
  m.when(wbRetire.and(wbMem), () => received.setNext(0)).elseWhen(dataRvalid, () => received.setNext(have));
  const rdata0 = mux(received.eq(0), dataRdata, firstData);
  const rdata1 = dataRdata;
  const raw = m.named('load_raw', cat(rdata1, rdata0).shr(shiftBytes(wbAddr)).bits(31, 0));
  const signedValue = mux(wbSize.eq(0), raw.bits(7, 0).sext(32), mux(wbSize.eq(1), raw.bits(15, 0).sext(32), raw));
  const unsignedValue = mux(wbSize.eq(0), raw.bits(7, 0).zext(32), mux(wbSize.eq(1), raw.bits(15, 0).zext(32), raw));
  loadValue.set(mux(wbSigned, signedValue, unsignedValue));

  // The core's own account of its beats (word address, lane-aligned data of the enabled bytes); the core harness records the data bus's beats instead.
  const wbWide = wbWdata.zext(64).shl(shiftBytes(wbAddr));
  const wbWord0 = cat(wbAddr.bits(31, 2), lit(0, 2));
  memCount.set(mux(wbMem, mux(wb.split, lit(2, 2), lit(1, 2)), lit(0, 2)));
  beat0Addr.set(wbWord0);
  beat0Mask.set(wb.be0);
  beat0Data.set(mux(wbWrite, wbWide.bits(31, 0), rdata0).and(byteMask(wb.be0)));
  beat1Addr.set(wbWord0.add(4));
  beat1Mask.set(wb.be1);
  beat1Data.set(mux(wbWrite, wbWide.bits(63, 32), rdata1).and(byteMask(wb.be1)));
  return {
    exReq, exAddr, exSize, exWrite, exWdata, exDone, dataReq, dataAddr, dataWe, dataBe, dataWdata, dataGnt, dataRvalid,
    dataRdata, wbMem, wbAddr, wbSize, wbSigned, wbWrite, wbWdata, wbRetire, wbDone, loadValue, memCount,
    beat0Addr, beat0Data, beat0Mask, beat1Addr, beat1Data, beat1Mask,
  };
});
