import { Bool, cat, clog2, lit, module, mux, UInt, Vec } from '../../hdl/index.ts';

export interface PrefetchParams {
  /** Words the buffer holds (>= 2: a 32-bit instruction may straddle two words). */
  depth: number;
}

/**
 * Instruction fetch: an OBI-like instruction port (req/gnt, rvalid in order), a FIFO of fetched words and
 * the aligner that presents the instruction at `pc` (16-bit or 32-bit, at any half-word). A word arriving
 * this cycle is usable at once (bypass). `redirect` empties the buffer and restarts fetching at the target;
 * responses still due for the old path are dropped as they arrive.
 */
export const prefetchBuffer = module('prefetch_buffer', (m, p: PrefetchParams) => {
  m.require(p.depth >= 2, `prefetch depth must be at least 2, got ${p.depth}`);
  const bootAddr = m.input('boot_addr', UInt(32));
  const redirect = m.input('redirect', Bool());
  const redirectTarget = m.input('redirect_target', UInt(32));
  const consume = m.input('consume', Bool());
  // A predicted jump after the instruction being consumed (hardware-loop end): fetch continues there.
  const jump = m.input('jump', Bool());
  const jumpTarget = m.input('jump_target', UInt(32));
  const instrReq = m.output('instr_req', Bool());
  const instrAddr = m.output('instr_addr', UInt(32));
  const instrGnt = m.input('instr_gnt', Bool());
  const instrRvalid = m.input('instr_rvalid', Bool());
  const instrRdata = m.input('instr_rdata', UInt(32));
  const valid = m.output('valid', Bool());
  const pcOut = m.output('pc', UInt(32));
  const insn = m.output('insn', UInt(32));
  const is32 = m.output('is32', Bool());

  const cw = clog2(p.depth + 1);
  const ow = clog2(p.depth + 2);
  const booted = m.reg('booted', Bool());
  const pc = m.reg('aligner_pc', UInt(32));
  const fetchAddr = m.reg('fetch_addr', UInt(32));
  const count = m.reg('count', UInt(cw));
  const words = m.reg('words', Vec(p.depth, UInt(32)));
  const outstanding = m.reg('outstanding', UInt(ow));
  const drop = m.reg('drop', UInt(ow));

  const jumping = m.named('jumping', consume.and(jump).and(redirect.not()).and(booted));
  const restart = m.named('restart', redirect.or(booted.not()).or(jumping));
  const restartTarget = mux(redirect, redirectTarget, mux(booted, jumpTarget, bootAddr));
  const arriving = m.named('arriving', instrRvalid.and(drop.eq(0)));

  // The aligner's view: stored words, then the word arriving now.
  const e0 = mux(count.eq(0), instrRdata, words[0]!);
  const e1 = mux(count.eq(1), instrRdata, words[1]!);
  const have0 = count.ne(0).or(arriving);
  const have1 = count.gt(1).or(count.eq(1).and(arriving));
  const upper = pc.bit(1);
  const low16 = m.named('low16', mux(upper, e0.bits(31, 16), e0.bits(15, 0)));
  const wide = low16.bits(1, 0).eq(3);
  const insn32 = mux(upper, cat(e1.bits(15, 0), e0.bits(31, 16)), e0);
  valid.set(booted.and(have0).and(wide.not().or(upper.not()).or(have1)));
  insn.set(mux(wide, insn32, low16.zext(32)));
  is32.set(wide);
  pcOut.set(pc);

  // One word leaves when the instruction ends in or crosses into the next word.
  const take = consume.and(restart.not());
  // (A jumping instruction is consumed too: the buffer restarts behind it.)
  const pop = m.named('pop', take.and(upper.or(wide)));
  // With the buffer empty, a popped word is the arriving one: it is used and never stored.
  const popStored = pop.and(count.ne(0));
  const kept = m.named('kept', count.sub(popStored.zext(cw)));
  const storeArrival = arriving.and(count.ne(0).or(pop.not()));
  words.forEach((w, i) => {
    const moved = i + 1 < p.depth ? mux(popStored, words[i + 1]!, w) : w;
    w.setNext(mux(storeArrival.and(kept.eq(i)), instrRdata, moved));
  });

  // Requests: keep the buffer full, counting words already on the way.
  const inflight = outstanding.sub(drop);
  const space = count.zext(ow).add(inflight).lt(p.depth);
  instrReq.set(restart.or(space));
  const addr = mux(restart, cat(restartTarget.bits(31, 2), lit(0, 2)), fetchAddr);
  instrAddr.set(addr);
  const granted = instrReq.and(instrGnt);
  fetchAddr.setNext(mux(granted, addr.add(4), addr));
  outstanding.setNext(outstanding.add(granted.zext(ow)).sub(instrRvalid.zext(ow)));
  drop.setNext(mux(restart, outstanding.sub(instrRvalid.zext(ow)), mux(instrRvalid.and(drop.ne(0)), drop.sub(1), drop)));
  booted.setNext(true);

  m.when(restart, () => {
    count.setNext(0);
    pc.setNext(restartTarget);
  }).otherwise(() => {
    count.setNext(kept.add(storeArrival.zext(cw)));
    m.when(take, () => pc.setNext(pc.add(mux(wide, lit(4, 32), lit(2, 32)))));
  });
  return { bootAddr, redirect, redirectTarget, consume, jump, jumpTarget, instrReq, instrAddr, instrGnt, instrRvalid, instrRdata, valid, pc: pcOut, insn, is32 };
});
