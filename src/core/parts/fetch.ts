import { mux, UInt } from '../../hdl/index.ts';
import { instructionById } from '../../isa/index.ts';
import { compressedExpander } from '../decode/expander.ts';
import { ILLEGAL_C, INSN, INSTR, IS32, PC } from '../pipeline/keys.ts';
import type { Part } from '../pipeline/part.ts';
import { prefetchBuffer } from '../units/prefetch-buffer.ts';

/**
 * IF: the prefetch buffer with its aligner, and the compressed expander generated from the ISA table.
 * Owns the instruction port (`instr_*`) and the boot address input.
 */
export function fetchPart(opts: { depth?: number } = {}): Part {
  return {
    name: 'fetch',
    setup(ctx) {
      for (const k of [PC, INSN, IS32, INSTR, ILLEGAL_C]) ctx.pipeline.produce(k, 'if');
    },
    build(ctx) {
      const { m, pipeline } = ctx;
      const fetch = pipeline.stages.if;
      const bootAddr = m.input('boot_addr', UInt(32));
      const req = m.output('instr_req', UInt(1));
      const addr = m.output('instr_addr', UInt(32));
      const gnt = m.input('instr_gnt', UInt(1));
      const rvalid = m.input('instr_rvalid', UInt(1));
      const rdata = m.input('instr_rdata', UInt(32));
      const pf = m.instance(prefetchBuffer, { depth: opts.depth ?? 3 }, 'prefetch_buffer');
      pf.bootAddr.set(bootAddr);
      pf.redirect.set(ctx.redirect.valid);
      pf.redirectTarget.set(ctx.redirect.target);
      pf.consume.set(fetch.fire);
      pf.jump.set(ctx.predict.jump);
      pf.jumpTarget.set(ctx.predict.target);
      req.set(pf.instrReq);
      addr.set(pf.instrAddr);
      pf.instrGnt.set(gnt);
      pf.instrRvalid.set(rvalid);
      pf.instrRdata.set(rdata);
      fetch.valid.set(pf.valid);
      fetch.insert(PC, pf.pc);
      fetch.insert(INSN, pf.insn);
      fetch.insert(IS32, pf.is32);
      if (ctx.compressed.length) {
        const ex = m.instance(compressedExpander, { ids: ctx.compressed }, 'compressed_expander');
        ex.insn.set(pf.insn.bits(15, 0));
        fetch.insert(INSTR, mux(pf.is32, pf.insn, ex.instr));
        fetch.insert(ILLEGAL_C, pf.is32.not().and(ex.illegal));
      } else {
        fetch.insert(INSTR, pf.insn);
        fetch.insert(ILLEGAL_C, pf.is32.not());
      }
    },
  };
}

/** RV32C: the compressed instructions of the configuration, expanded in IF (no decode entries of its own). */
export function compressedPart(): Part {
  return {
    name: 'rv32c',
    setup(ctx) {
      for (const id of ctx.isa) if (instructionById(id)?.ext === 'rv32c') ctx.compressed.push(id);
    },
  };
}
