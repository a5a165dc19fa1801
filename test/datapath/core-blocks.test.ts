// Issue 7's view of the cores: each Flex-V block is one instance with a stable name (the synthesis report
// lists them per block), the baseline core has none of them and no Flex-V state, and the Flex-V CSRs exist
// exactly in the configurations that have the state behind them (a CSR access elsewhere traps, in lockstep
// with the golden model).
import { describe, expect, it } from 'vitest';
import { CORE_CONFIGS } from '../../src/core/configs.ts';
import { emitCore } from '../../src/core/core.ts';
import { moduleName, packageName } from '../../src/hdl/index.ts';
import { lockstep } from '../../src/cosim/lockstep.ts';
import { csrByName, CSRS } from '../../src/isa/csrs.ts';
import { csrsAbsentIn } from '../../src/isa/features.ts';
import type { Config } from '../../src/isa/index.ts';
import { writableMask } from '../../src/core/units/csr-file.ts';
import type { Hart } from '../../src/iss/hart.ts';
import { buildProgram } from '../../src/randprog/build.ts';
import { hasTool } from '../../src/util/tools.ts';

const toolsReady = (await hasTool('verilator')) && (await hasTool('gcc'));

/** Instance name -> module name of the Flex-V blocks, per configuration (absent: not instantiated). */
const BLOCKS: Record<string, Record<string, string | undefined>> = {
  baseline: { u_dotp_unit: 'simd_dotp_unit', u_nnrf: undefined, u_mac_load: undefined, u_simd_nc4: undefined, u_sb_ctrl: undefined, u_macl_stream: undefined, u_mpc: undefined },
  xpulpnn: { u_dotp_unit: 'flexv_dotp_unit', u_nnrf: 'flexv_nnrf', u_mac_load: 'flexv_macload_ctrl', u_simd_nc4: 'flexv_simd_nc', u_sb_ctrl: undefined, u_macl_stream: undefined, u_mpc: undefined },
  flexv: { u_dotp_unit: 'flexv_dotp_unit', u_nnrf: 'flexv_nnrf', u_mac_load: 'flexv_macload_ctrl', u_simd_nc4: 'flexv_simd_nc', u_sb_ctrl: 'flexv_sb_ctrl', u_macl_stream: 'flexv_macl_stream', u_mpc: undefined },
};
/** The Flex-V CSRs (a feature of the ISA table). */
const FLEXV_CSRS = CSRS.filter((c) => c.feature).map((c) => c.name);
/** Revision 1's `mpc` CSR address: gone from the spec, so no core has it (a plain unlisted address). */
const REVISION_1_MPC = 0x7d0;
/** CSRs that trap, per configuration: the ISA layer's rule (spec §2 with §4/§5). */
const absent = (config: string) => FLEXV_CSRS.filter((n) => csrsAbsentIn(config as Config).includes(n));

/** Module name of each `<module> [#(...)] u_<name> (` instantiation in the emitted SystemVerilog. */
function instances(config: string): Map<string, string> {
  const text = emitCore(config).files.map((f) => f.text).join('\n');
  const found = new Map<string, string>();
  for (const m of text.matchAll(/^\s*(\w+)\s+(?:#\([\s\S]*?\)\s*)?(u_\w+)\s*\(/gm)) found.set(m[2]!, m[1]!);
  return found;
}

describe.each(Object.keys(CORE_CONFIGS))('%s core', (config) => {
  it('has each Flex-V block as one named instance, and none it does not need', () => {
    const found = instances(config);
    expect(found.get('u_csr_file')).toBe(moduleName('csr_file'));
    // A parameterized module's name carries its parameters (flexv_simd_nc_w4).
    for (const [inst, module] of Object.entries(BLOCKS[config]!)) {
      if (module === undefined) expect(found.get(inst), inst).toBeUndefined();
      else expect(found.get(inst), inst).toMatch(new RegExp(`^${moduleName(module)}(_\\w+)?$`));
    }
    if (config === 'baseline') expect([...found.values()].filter((m) => /^flexv_(dotp|nnrf|mac|sb_|simd_nc)/.test(m))).toEqual([]);
  });

  it.runIf(config === 'baseline')('carries no Flex-V port or signal (the parts are self-contained)', () => {
    const design = emitCore(config);
    expect(design.ports.map((p) => p.name).filter((n) => /nn|sb_|macl|ivec|mpc|mixed/.test(n))).toEqual([]);
    // Code only: the CSR file's header comment lists the absent CSRs among its parameters.
    const text = design.files.map((f) => f.text).join('\n').replace(/\/\/.*$/gm, '');
    const flexvNames = [...new Set(text.match(/\b\w*(nnrf|nn_|macl|ivec|sb_legacy|sb_mode|mpc|mixed|macload|flexv_)\w*\b/g) ?? [])];
    const modules = new Set([...design.files.map((f) => f.name.replace(/\.sv$/, '')), packageName()]);
    expect(flexvNames.filter((n) => !modules.has(n))).toEqual([]);
  });

  it.skipIf(!toolsReady)('traps on exactly the Flex-V CSRs it does not have, in lockstep', async () => {
    const addresses = [...FLEXV_CSRS.map((n) => csrByName(n)!.address), REVISION_1_MPC];
    const access = addresses.flatMap((a) => [`  csrrw zero, ${a}, t1`, '  li t2, 0', `  csrr t2, ${a}`, '  add s1, s1, t2']);
    const source = [
      '  .section .text.init', '  .globl _start', '_start:',
      '  la t0, handler', '  csrw mtvec, t0', '  li a0, 0', '  li s1, 0', '  li t1, 0x12345678',
      ...access,
      '  li t0, 1', '  la t1, tohost', '  sw t0, 0(t1)', '1: j 1b',
      'handler:', '  addi a0, a0, 1', '  csrr t3, mepc', '  addi t3, t3, 4', '  csrw mepc, t3', '  mret',
      '  .section .tohost, "aw"', '  .align 2', '  .globl tohost', 'tohost: .word 0',
    ].join('\n');
    const elf = await buildProgram('build/test-datapath', `flexv-csrs-${config}`, source, { march: 'rv32imc_zicsr' });
    let hart: Hart | undefined;
    const r = await lockstep(config, elf, { prepareGolden: (h) => (hart = h) });
    expect(r.mismatch).toBeUndefined();
    expect(r.end?.reason).toBe('tohost');
    expect(hart!.x[10], 'traps').toBe(2 * (absent(config).length + 1));
    // The present CSRs hold what was written, within their fields.
    const present = FLEXV_CSRS.filter((n) => !absent(config).includes(n));
    expect(hart!.x[9]! >>> 0).toBe(present.reduce((s, n) => (s + (0x12345678 & writableMask(csrByName(n)!))) >>> 0, 0));
  });
});
