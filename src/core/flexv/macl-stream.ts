import { Bool, lit, module, mux, UInt } from '../../hdl/index.ts';
import { csrByName } from '../../isa/index.ts';

/** The Mac&Load address CSRs of spec §5.1 (0x100..0x107), per stream. */
export const MACL_STREAMS = ['a', 'w'] as const;
export const MACL_FIELDS = ['address', 'stride', 'rollback', 'skip'] as const;
export const maclCsr = (stream: (typeof MACL_STREAMS)[number], field: (typeof MACL_FIELDS)[number]) => {
  const d = csrByName(`macl_${stream}_${field}`);
  if (!d) throw new Error(`no CSR macl_${stream}_${field} in the table`);
  return d;
};
/** The CSR names, in the order of the unit's ports. */
export const MACL_CSR_NAMES: readonly string[] = MACL_STREAMS.flatMap((s) => MACL_FIELDS.map((f) => maclCsr(s, f).name));

/**
 * Mac&Load auto-addressing of the status-based mode (spec §5.2): per stream (a: activations, w: weights)
 * the CSRs `address`, `stride`, `rollback`, `skip` and a hidden update counter.
 *  - CSR ports `<stream>_<field>_we` with the shared `wdata` (every field is a full word); a write of the
 *    address resets that stream's counter.
 *  - `advance_<stream>`: a Mac&Load that loads from that stream retires: when the counter equals `skip`,
 *    `address += rollback` and the counter becomes 0, else `address += stride` and the counter increments.
 *    `<stream>_next` is the address after such an update (the retirement record's CSR write).
 * Registers: 8 x 32 CSR bits and two 32-bit counters.
 */
export const maclStream = module('flexv_macl_stream', (m) => {
  const wdata = m.input('wdata', UInt(32));
  const io: Record<string, unknown> = { wdata };
  for (const s of MACL_STREAMS) {
    const advance = m.input(`advance_${s}`, Bool());
    const regs = Object.fromEntries(MACL_FIELDS.map((f) => [f, m.reg(`${s}_${f}`, UInt(32), { reset: maclCsr(s, f).reset as number })]));
    const counter = m.reg(`${s}_count`, UInt(32));
    const rollback = m.named(`${s}_rolls`, counter.eq(regs.skip!));
    const next = m.named(`${s}_next_address`, regs.address!.add(mux(rollback, regs.rollback!, regs.stride!)));
    for (const f of MACL_FIELDS) {
      const we = m.input(`${s}_${f}_we`, Bool());
      const value = m.output(`${s}_${f}`, UInt(32));
      value.set(regs[f]!);
      if (f === 'address') m.when(we, () => regs[f]!.setNext(wdata)).elseWhen(advance, () => regs[f]!.setNext(next));
      else m.when(we, () => regs[f]!.setNext(wdata));
      io[`${s}_${f}_we`] = we;
      io[`${s}_${f}`] = value;
      if (f === 'address') m.when(we, () => counter.setNext(0)).elseWhen(advance, () => counter.setNext(mux(rollback, lit(0, 32), counter.add(1))));
    }
    const nextOut = m.output(`${s}_next`, UInt(32));
    nextOut.set(next);
    io[`advance_${s}`] = advance;
    io[`${s}_next`] = nextOut;
  }
  return io;
});
export default maclStream;
