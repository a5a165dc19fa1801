import { Bool, cat, clog2, lit, module, mux, UInt, type Expr } from '../hdl/index.ts';
import { fifo } from '../blocks/index.ts';
import { DMA_COUNT_WIDTH, DMA_REG, PERIPH_BASE, TCDM_BASE } from '../platform/memory-map.ts';
import { OBI_DATA_WIDTH, obiRequest, obiResponse, type ObiRequestSignals } from './obi.ts';

// The register map is the memory map's (src/platform/memory-map.ts), shared with the golden model.
export { DMA_COUNT_WIDTH, DMA_REG } from '../platform/memory-map.ts';
/** TCDM window as the DMA decodes it: [TCDM_BASE, PERIPH_BASE), a 2 MiB aligned region. */
export const DMA_TCDM_WINDOW_BITS = Math.log2(PERIPH_BASE - TCDM_BASE);

/**
 * The cluster DMA: 1D and 2D word transfers between L2 (the `ext` master port, to the SoC) and the TCDM (the
 * `tcdm` master port, one more master of the logarithmic interconnect, competing for banks like a core).
 * A reader issues source reads while the FIFO has room for their data (any read latency, responses in
 * order), a writer drains the FIFO into destination writes: one word per cycle when neither side stalls.
 * The transfer is over when the last write has been answered; `done` pulses for one cycle then (the event
 * unit's DMA event) and `busy` falls in the same cycle. Configuration registers (`cfg` slave port) answer
 * in the cycle after their grant, which is immediate, and take the bytes enabled by `be`; the engine works on copies taken at start, so the
 * registers may be rewritten for the next transfer while one runs.
 */
export const dma = module(
  'cluster_dma',
  (m, p: { fifoDepth: number }) => {
    m.require(Number.isInteger(p.fifoDepth) && p.fifoDepth >= 2 && p.fifoDepth <= 64, `fifoDepth must be an integer in 2..64, got ${p.fifoDepth}`);
    const cfg = m.input('cfg', obiRequest());
    const cfgRsp = m.output('cfg_rsp', obiResponse());
    const tcdm = m.output('tcdm', obiRequest());
    const tcdmRsp = m.input('tcdm_rsp', obiResponse());
    const ext = m.output('ext', obiRequest());
    const extRsp = m.input('ext_rsp', obiResponse());
    const done = m.output('done', Bool());
    const busyOut = m.output('busy', Bool());

    // configuration registers
    const W = OBI_DATA_WIDTH;
    const C = DMA_COUNT_WIDTH;
    const src = m.reg('src', UInt(W));
    const dst = m.reg('dst', UInt(W));
    const len = m.reg('len', UInt(W));
    const srcStride = m.reg('src_stride', UInt(W));
    const dstStride = m.reg('dst_stride', UInt(W));
    const rows = m.reg('rows', UInt(W), { reset: 1 });
    const refused = m.reg('refused', Bool());
    const doneCount = m.reg('done_count', UInt(W));
    const busy = m.reg('busy', Bool());
    // what the engine uses of LEN and ROWS
    const lenWords = len.bits(C + 1, 2);
    const rowCount = rows.bits(C - 1, 0);

    const word = cfg.addr.bits(5, 2);
    const writing = (off: number) => cfg.req.and(cfg.we).and(word.eq(off >> 2));
    // registers take the enabled bytes of a write
    const merged = (old: Expr) => cat(...[3, 2, 1, 0].map((b) => mux(cfg.be.bit(b), cfg.wdata.bits(8 * b + 7, 8 * b), old.bits(8 * b + 7, 8 * b))));
    for (const [off, r] of [[DMA_REG.src, src], [DMA_REG.dst, dst], [DMA_REG.len, len], [DMA_REG.srcStride, srcStride], [DMA_REG.dstStride, dstStride], [DMA_REG.rows, rows]] as const) {
      m.when(writing(off), () => r.setNext(merged(r)));
    }

    const inTcdm = (a: Expr) => a.bits(W - 1, DMA_TCDM_WINDOW_BITS).eq(TCDM_BASE >>> DMA_TCDM_WINDOW_BITS);
    const srcInTcdm = inTcdm(src);
    const valid = srcInTcdm.xor(inTcdm(dst));
    const startAsked = writing(DMA_REG.start);
    const start = m.named('start', startAsked.and(busy.not()).and(valid));
    m.when(startAsked, () => refused.setNext(start.not()));

    const cfgValid = m.regNext('cfg_rvalid', cfg.req);
    const cfgData = m.reg('cfg_rdata', UInt(W));
    const readValue = mux(word.eq(DMA_REG.src >> 2), src,
      mux(word.eq(DMA_REG.dst >> 2), dst,
        mux(word.eq(DMA_REG.len >> 2), len,
          mux(word.eq(DMA_REG.srcStride >> 2), srcStride,
            mux(word.eq(DMA_REG.dstStride >> 2), dstStride,
              mux(word.eq(DMA_REG.rows >> 2), rows,
                mux(word.eq(DMA_REG.status >> 2), cat(refused, busy).zext(W),
                  mux(word.eq(DMA_REG.doneCount >> 2), doneCount, lit(0, W)))))))));
    m.when(cfg.req.and(cfg.we.not()), () => cfgData.setNext(readValue));
    cfgRsp.gnt.set(cfg.req);
    cfgRsp.rvalid.set(cfgValid);
    cfgRsp.rdata.set(cfgData);

    // the engine: direction and shape latched at start
    const toExt = m.reg('to_ext', Bool()); // source in the TCDM, destination in L2
    const shapeWords = m.reg('shape_words', UInt(C));
    const shapeRows = m.reg('shape_rows', UInt(C));
    const empty = lenWords.eq(0).or(rowCount.eq(0));
    m.when(start, () => {
      toExt.setNext(srcInTcdm);
      shapeWords.setNext(lenWords);
      shapeRows.setNext(rowCount);
    });

    /** A 2D address walker: word by word along a row, then to the next row by the stride. */
    const walker = (name: string, base0: Expr, stride0: Expr, fire: Expr) => {
      const active = m.reg(`${name}_active`, Bool());
      const addr = m.reg(`${name}_addr`, UInt(W));
      const rowBase = m.reg(`${name}_row_base`, UInt(W));
      const stride = m.reg(`${name}_stride`, UInt(W));
      const col = m.reg(`${name}_col`, UInt(C));
      const row = m.reg(`${name}_row`, UInt(C));
      const aligned = cat(base0.bits(W - 1, 2), lit(0, 2));
      const nextRow = rowBase.add(stride);
      m.when(start, () => {
        active.setNext(empty.not());
        addr.setNext(aligned);
        rowBase.setNext(aligned);
        stride.setNext(cat(stride0.bits(W - 1, 2), lit(0, 2)));
        col.setNext(0);
        row.setNext(0);
      }).elseWhen(fire, () => {
        m.when(col.eq(shapeWords.sub(1)), () => {
          col.setNext(0);
          row.setNext(row.add(1));
          rowBase.setNext(nextRow);
          addr.setNext(nextRow);
          m.when(row.eq(shapeRows.sub(1)), () => active.setNext(false));
        }).otherwise(() => {
          col.setNext(col.add(1));
          addr.setNext(addr.add(4));
        });
      });
      return { active, addr };
    };

    const buffer = m.instance(fifo, { width: W, depth: p.fifoDepth }, 'buffer');
    const countWidth = clog2(p.fifoDepth + 1) + 1;
    const inflight = m.reg('reads_in_flight', UInt(countWidth));
    const pick = <T extends Expr>(ifToExt: T, otherwise: T) => mux(toExt, ifToExt, otherwise);
    const readGnt = pick(tcdmRsp.gnt, extRsp.gnt);
    const readRvalid = pick(tcdmRsp.rvalid, extRsp.rvalid);
    const readRdata = pick(tcdmRsp.rdata, extRsp.rdata);
    const writeGnt = pick(extRsp.gnt, tcdmRsp.gnt);
    const writeRvalid = pick(extRsp.rvalid, tcdmRsp.rvalid);

    const readFire = m.wire('read_fire', Bool());
    const writeFire = m.wire('write_fire', Bool());
    const reader = walker('rd', src, srcStride, readFire);
    const writer = walker('wr', dst, dstStride, writeFire);
    const room = inflight.add(buffer.count.zext(countWidth)).lt(p.fifoDepth);
    const readReq = m.named('read_req', reader.active.and(room));
    const writeReq = m.named('write_req', writer.active.and(buffer.empty.not()));
    readFire.set(readReq.and(readGnt));
    writeFire.set(writeReq.and(writeGnt));
    inflight.setNext(inflight.add(readFire.zext(countWidth)).sub(readRvalid.zext(countWidth)));
    buffer.push.set(readRvalid);
    buffer.wdata.set(readRdata);
    buffer.pop.set(writeFire);

    const drive = (port: ObiRequestSignals, isSource: Expr) => {
      port.req.set(mux(isSource, readReq, writeReq));
      port.addr.set(mux(isSource, reader.addr, writer.addr));
      port.we.set(isSource.not());
      port.be.set(lit(0xf, 4));
      port.wdata.set(buffer.rdata);
    };
    drive(tcdm, toExt);
    drive(ext, toExt.not());

    const outstanding = m.reg('writes_outstanding', UInt(countWidth + 1));
    outstanding.setNext(outstanding.add(writeFire.zext(countWidth + 1)).sub(writeRvalid.zext(countWidth + 1)));
    const finishing = m.named('finishing', busy.and(reader.active.not()).and(writer.active.not()).and(outstanding.eq(0)));
    const doneQ = m.regNext('done', finishing);
    m.when(start, () => busy.setNext(true)).elseWhen(finishing, () => busy.setNext(false));
    m.when(finishing, () => doneCount.setNext(doneCount.add(1)));
    done.set(doneQ);
    busyOut.set(busy);
    return { cfg, cfg_rsp: cfgRsp, tcdm, tcdm_rsp: tcdmRsp, ext, ext_rsp: extRsp, done, busy: busyOut };
  },
  { defaults: { fifoDepth: 4 } },
);
