import { describe, expect, it } from 'vitest';
import { assemble, toElf } from '../../src/asm/index.ts';
import { csrByName, decodeWord } from '../../src/isa/index.ts';
import { readElf } from '../../src/elf/read.ts';
import { runImage } from '../../src/iss/run.ts';
import { buildRandomElf } from '../../src/randprog/assemble.ts';
import { DATA_BYTES } from '../../src/randprog/roles.ts';
import { L2_BASE } from '../../src/platform/memory-map.ts';
import { runExecCoverage } from '../../src/randprog/exec-coverage-run.ts';
import { trapHandler } from '../../src/randprog/system-ops.ts';

const a = (name: string) => `0x${csrByName(name)!.address.toString(16)}`;

// A known status-based program (spec §5): every point is hit a counted number of times.
const SOURCE = [
  '_start:',
  '  la t0, trap_handler',
  '  csrw mtvec, t0',
  '  la s11, data',
  `  csrwi ${a('ivec_fmt')}, 8`, //          MIXED_4x8: R = 2 (written in legacy mode: no effect yet)
  `  csrwi ${a('ivec_skip_size')}, 2`,
  `  csrwi ${a('sb_legacy')}, 0`, //         mode-to-status-based
  '  pv.sdotsp.b a0, a1, a2', //             mixed; counter 1
  '  pv.sdotsp.b a0, a1, a2', //             mixed back-to-back; counter 2 = skip: step c 0 -> 1 (skip-n)
  '  pv.sdotsp.b a0, a1, a2', //             mixed back-to-back; counter 1
  `  csrwi ${a('ivec_mixed_cycle')}, 5`, //  counter reset by a CSR write; c = 5 >= R
  '  pv.dotsp.b a3, a1, a2', //              mixed with c >= R; counter 1
  '  pv.dotsp.b a3, a1, a2', //              back-to-back, with c >= R; step: (5 + 1) mod 2 = 0: wrap
  '  pv.dotsp.b.sc a3, a1, a2', //           .sc dot under a mixed format: trap
  `  csrwi ${a('ivec_skip_size')}, 0`, //    skip 0 acts as 1
  `  csrwi ${a('ivec_fmt')}, 14`, //         reserved: the format stays 8
  '  pv.dotup.b a4, a1, a2', //              fmt-write-then-mixed; step c 0 -> 1 (skip-0)
  `  csrwi ${a('ivec_fmt')}, 2`, //          VEC_MODE8 (R = 1)
  '  pv.dotup.b a4, a1, a2', //              uniform, counts, no visible step
  // the weight stream: data + 8, stride 4, rollback -4, skip 1: loads +8, +12, then rollback to +8
  '  addi t1, s11, 8',
  `  csrw ${a('macl_w_address')}, t1`,
  '  li t1, 4',
  `  csrw ${a('macl_w_stride')}, t1`,
  '  li t1, -4',
  `  csrw ${a('macl_w_rollback')}, t1`,
  `  csrwi ${a('macl_w_skip')}, 1`,
  '  mv t2, s11',
  '  pv.mlsdotsup.b x0, t2, 16', //          load W0 from +8 (counter 0 -> 1)
  '  pv.mlsdotsup.b x0, t2, 16', //          from +12: counter = skip: rollback -4 (negative step)
  '  pv.mlsdotsup.b x0, t2, 16', //          from +8 again (counter 0 -> 1)
  `  csrw ${a('macl_w_address')}, t1`, //    (t1 = -4 is no address, never loaded): counter reset
  `  csrwi ${a('ivec_fmt')}, 0`, //          scalar: SIMD and Mac&Load trap
  '  pv.add.b a5, a1, a2', //                trap
  '  pv.mlsdotsup.b a6, t2, 0', //           trap
  `  csrwi ${a('sb_legacy')}, 1`, //         mode-to-legacy
  '  pv.add.b a5, a1, a2', //                legacy: runs
  '  li t0, 1',
  '  la t1, tohost',
  '  sw t0, 0(t1)',
  '1: j 1b',
  ...trapHandler('trap_handler'),
  '.data',
  'data: .word 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00, 0x01020304',
  '.section .tohost, "aw"',
  'tohost: .word 0',
].join('\n');

describe('Mac&Load address streams of random flexv programs', () => {
  it('read only words of the data region, in both modes, also when the body repeats from an unknown state', () => {
    let loads = 0, statusBased = 0;
    for (const [seed, repeat] of [...Array.from({ length: 25 }, (_, i) => [i + 1, 1]), [101, 3], [102, 3], [103, 3]]) {
      const p = buildRandomElf({ config: 'flexv', seed, length: 200, repeat });
      const data = p.asm.symbols.find((x) => x.name === 'data')!.value >>> 0;
      const run = runImage(readElf(p.elf, `seed ${seed}`), `seed ${seed}`, {
        config: 'flexv',
        maxInstr: 2_000_000,
        onRetire: (r) => {
          if (r.trap >= 0 || r.nnCount === 0) return;
          const def = decodeWord('flexv', r.insn)?.def;
          if (!def?.macLoad) return;
          loads++;
          // legacy mode writes rs1 back; status-based mode does not
          if (r.rs1Wb === 0) statusBased++;
          const at = r.mem[0]!.addr >>> 0;
          expect({ seed, inside: at >= data && at + 4 <= data + DATA_BYTES && (at & 3) === 0 }).toEqual({ seed, inside: true });
        },
      });
      expect({ seed, end: run.reason, value: run.value }).toEqual({ seed, end: 'tohost', value: 1 });
    }
    expect(statusBased).toBeGreaterThan(300);
    expect(loads - statusBased).toBeGreaterThan(300);
  });
});

describe('execution coverage of the status-based points (flexv)', () => {
  it('counts a known program exactly', () => {
    const asm = assemble(SOURCE, { config: 'flexv', rvc: false, textBase: L2_BASE, fileName: 'status.S' });
    const r = runExecCoverage('flexv', toElf(asm), 'status.S');
    expect(r.hazards).toMatchObject({
      'mode-to-status-based': 1,
      'mode-to-legacy': 1,
      'fmt-write-scalar': 1,
      'fmt-write-reserved': 1,
      'status-scalar-simd-trap': 1,
      'status-scalar-macload-trap': 1,
      'mixed-scalar-form-dot-trap': 1,
      'controller-step': 3,
      'controller-wrap': 1,
      'controller-skip-0': 1,
      'controller-skip-1': 0,
      'controller-skip-n': 2,
      'mixed-cycle-write-beyond-groups': 1,
      'mixed-dot-cycle-beyond-groups': 2,
      'controller-count-reset-by-csr': 1,
      'macl-a-load': 0,
      'macl-w-load': 3,
      'macl-w-rollback': 1,
      'macl-w-counter-reset': 1,
      'macl-step-negative': 1,
      'macl-step-zero': 0,
      'fmt-write-then-mixed': 1,
      'mode-write-then-simd': 2,
      'mixed-back-to-back': 3,
      'trap-illegal': 3,
    });
    expect(r.formats).toEqual({
      2: { simd: 1, dot: 1, macload: 3 },
      8: { simd: 6, dot: 6, macload: 0 },
    });
  });
});
