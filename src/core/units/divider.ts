import { Bool, cat, Enum, lit, module, mux, UInt } from '../../hdl/index.ts';

/** Divider operations; 0 = none. */
export const DIV_OP_T = Enum('div_op', { div: 1, divu: 2, rem: 3, remu: 4 }, { width: 3, prefix: 'DIV' });
export const DivOp = DIV_OP_T.values;
export const DIV_OP_WIDTH = DIV_OP_T.width;

/**
 * Multi-cycle divider: restoring radix-2 on magnitudes, one quotient bit per cycle (32 cycles), signs fixed
 * at the end. Division by zero and overflow give the RISC-V results (-1 / dividend; -2^31 / 0) through the
 * same datapath. `start` while idle loads the operands; `done` holds until `ack`.
 */
export const divider = module('divider', (m) => {
  const start = m.input('start', Bool());
  const ack = m.input('ack', Bool());
  const op = m.input('op', DIV_OP_T);
  const a = m.input('a', UInt(32));
  const b = m.input('b', UInt(32));
  const done = m.output('done', Bool());
  const result = m.output('result', UInt(32));

  const busy = m.reg('busy', Bool());
  const finished = m.reg('finished', Bool());
  const count = m.reg('count', UInt(6));
  const quotient = m.reg('quotient', UInt(32));
  const remainder = m.reg('remainder', UInt(32));
  const divisor = m.reg('divisor', UInt(32));
  const negQuotient = m.reg('neg_quotient', Bool());
  const negRemainder = m.reg('neg_remainder', Bool());
  const wantRem = m.reg('want_rem', Bool());

  const signed = op.eq(DivOp.div).or(op.eq(DivOp.rem));
  const aNeg = signed.and(a.bit(31));
  const bNeg = signed.and(b.bit(31));
  const aMag = mux(aNeg, lit(0, 32).sub(a), a);
  const bMag = mux(bNeg, lit(0, 32).sub(b), b);

  // One step: shift the next dividend bit into the partial remainder, subtract when it fits.
  const shifted = m.named('shifted', cat(remainder, quotient.bit(31)));
  const diff = m.named('diff', shifted.sub(divisor.zext(33)));
  const fits = diff.bit(32).not();

  m.when(start.and(busy.not()).and(finished.not()), () => {
    busy.setNext(true);
    count.setNext(32);
    quotient.setNext(aMag);
    remainder.setNext(0);
    divisor.setNext(bMag);
    // A zero divisor: quotient all ones (-1 / 2^32-1), remainder the dividend; no sign fix for the quotient.
    negQuotient.setNext(aNeg.xor(bNeg).and(b.ne(0)));
    negRemainder.setNext(aNeg);
    wantRem.setNext(op.eq(DivOp.rem).or(op.eq(DivOp.remu)));
  })
    .elseWhen(busy, () => {
      remainder.setNext(mux(fits, diff.trunc(32), shifted.trunc(32)));
      quotient.setNext(cat(quotient.bits(30, 0), fits));
      count.setNext(count.sub(1));
      m.when(count.eq(1), () => {
        busy.setNext(false);
        finished.setNext(true);
      });
    })
    .elseWhen(finished.and(ack), () => finished.setNext(false));

  const q = mux(negQuotient, lit(0, 32).sub(quotient), quotient);
  const r = mux(negRemainder, lit(0, 32).sub(remainder), remainder);
  done.set(finished);
  result.set(mux(wantRem, r, q));
  return { start, ack, op, a, b, done, result };
});
