import { describe, expect, it } from 'vitest';
import { emitCluster } from '../../src/cluster/cluster.ts';
import { emitCore } from '../../src/core/core.ts';
import { elaborate, emit, Enum, module, moduleName, packageName, UInt, type EmitResult } from '../../src/hdl/index.ts';
import { fitLine, MAX_COLUMNS } from '../../src/hdl/emit/layout.ts';

/** Lines over the limit that are more than one token (the allowed exception: a single long identifier/literal). */
function longLines(r: EmitResult): string[] {
  return r.files.flatMap((f) =>
    f.text.split('\n').flatMap((l, i) => (l.length > MAX_COLUMNS && l.trim().split(/\s+/).length > 1 ? [`${f.name}:${i + 1}: ${l.length}`] : [])),
  );
}

/** Decimal literals of more than 8 bits (`32'd4261441663`): masks and constants must be hex. */
function wideDecimals(r: EmitResult): string[] {
  return r.files.flatMap((f) => [...f.text.matchAll(/\b(\d+)'s?d\d+/g)].filter((m) => Number(m[1]) > 8).map((m) => `${f.name}: ${m[0]}`));
}

/** Module names declared in the files, and the modules each file instantiates. */
function moduleNames(r: EmitResult): string[] {
  return r.files.flatMap((f) => [...f.text.matchAll(/^module (\w+)/gm)].map((m) => m[1]!));
}

describe('generated core and cluster SystemVerilog (flexv configuration)', () => {
  const core = emitCore('flexv');
  const cluster = emitCluster({ cores: 2, config: 'flexv' }).result;

  it.each([
    ['core', core],
    ['cluster', cluster],
  ] as const)('%s: no line over 100 columns, hex above 8 bits, every module prefixed', (_, r) => {
    expect(longLines(r)).toEqual([]);
    expect(wideDecimals(r)).toEqual([]);
    const names = moduleNames(r);
    expect(names.length).toBe(r.files.length - 1); // all files but the package
    expect(names.filter((n) => !n.startsWith('flexv_'))).toEqual([]);
    expect(names.filter((n) => n.startsWith('flexv_flexv_'))).toEqual([]);
    expect(r.files[0]!.name).toBe(`${packageName()}.sv`);
    expect(r.filelist.split('\n')[0]).toBe('flexv_pkg.sv');
  });

  it('names every operation code by its enum: decoder masks in hex, ALU cases by name', () => {
    const text = (name: string) => core.files.find((f) => f.name === `${moduleName(name)}.sv`)!.text;
    const pkg = core.files[0]!.text;
    expect(pkg).toMatch(/typedef enum logic \[3:0\] \{\n\s+ALU_ADD\s+= 4'd1,/);
    expect(pkg).toContain('} alu_op_e;');
    for (const e of ['alu_op', 'mul_op', 'div_op', 'xalu_op', 'simd_op', 'csr_op', 'mac_op', 'branch_op', 'jump', 'sys_op', 'lane_fmt', 'simd_form', 'lsu_offset', 'dot_op']) {
      expect(pkg, e).toContain(`} ${e}_e;`);
    }
    expect(text('alu')).toMatch(/^\s+flexv_pkg::ALU_ADD: /m);
    expect(text('decoder')).toMatch(/\(instr_i & 32'h[0-9a-f]+\) == 32'h[0-9a-f]+/);
    expect(text('decoder')).toContain('flexv_pkg::ALU_SUB');
    // no unnamed op-code compare is left on an op input of the units
    for (const unit of ['alu', 'multiplier', 'divider', 'xpulp_alu', 'simd_alu', 'xpulp_mac']) {
      expect(text(unit), unit).not.toMatch(/op_i == \d+'d\d+/);
    }
    const fab = cluster.files.find((f) => f.name === `${moduleName('cluster_fabric')}.sv`)!.text;
    expect(fab).toContain('flexv_pkg::TARGET_TCDM');
  });

  it('is byte-identical across runs', () => {
    const again = emitCore('flexv');
    expect(again.files).toEqual(core.files);
  });

  it('summarises parameter tables in the header (count + hash), keeps scalars', () => {
    const dec = core.files.find((f) => f.name === `${moduleName('decoder')}.sv`)!.text;
    expect(dec).toMatch(/^\/\/ Parameters: controls=list of \d+ \(hash [0-9a-f]{6}\), entries=list of \d+ \(hash [0-9a-f]{6}\)$/m);
    expect(dec).toMatch(/\/\/ core\/decode\/decoder\.ts:\d+/); // source comments are paths below src/
  });

  it("points each decoder match line at the part's decode.add call", () => {
    const dec = core.files.find((f) => f.name === `${moduleName('decoder')}.sv`)!.text;
    expect(dec).toMatch(/assign hit_add = [^\n]+;  \/\/ core\/parts\/int-alu\.ts:\d+\n/);
    expect(dec).toMatch(/assign hit_beq = [^\n]+;  \/\/ core\/parts\/branch\.ts:\d+\n/);
  });
});

describe('module prefix, enums and the line layout', () => {
  const OP = Enum('test_op', { add: 1, sub: 2, fenceI: 5 }, { width: 3, prefix: 'TOP' });
  const unit = module('unit', (m) => {
    const op = m.input('op', OP);
    const a = m.input('a', UInt(16));
    const y = m.output('y', UInt(16));
    const st = m.reg('st', OP, { reset: OP.values.add });
    st.setNext(op);
    y.set(a);
    m.switch(op).is(OP.values.add, () => y.set(a.add(1))).is(OP.values.sub, () => y.set(a.sub(0x1234)));
    m.output('is_fence', UInt(1)).set(st.eq(OP.values.fenceI));
  });
  const top = module('flexv_top', (m) => {
    const u = m.instance(unit, {}, 'u');
    u.op.set(m.input('op', OP));
    u.a.set(m.input('a', UInt(16)));
    m.output('y', UInt(16)).set(u.y);
  });

  it('prefixes every module once, and another prefix replaces it', () => {
    const r = emit(elaborate(top, {}));
    expect(r.files.map((f) => f.name)).toEqual(['flexv_pkg.sv', 'flexv_unit.sv', 'flexv_top.sv']);
    expect(r.files[2]!.text).toContain('flexv_unit u_u (');
    const acme = emit(elaborate(top, {}), { prefix: 'acme_' });
    expect(acme.files.map((f) => f.name)).toEqual(['acme_pkg.sv', 'acme_unit.sv', 'acme_flexv_top.sv']);
    expect(acme.files[1]!.text).toContain('acme_pkg::TOP_ADD');
    expect(moduleName('flexv_core')).toBe('flexv_core');
    expect(moduleName('alu', '')).toBe('alu');
  });

  it('names enum members in case labels, comparisons and resets, and declares them in the package', () => {
    const r = emit(elaborate(top, {}));
    const text = r.files[1]!.text;
    expect(text).toContain('flexv_pkg::TOP_ADD: ');
    expect(text).toContain('flexv_pkg::TOP_SUB: ');
    expect(text).toContain('st_q == flexv_pkg::TOP_FENCE_I');
    expect(text).toContain('st_q <= flexv_pkg::TOP_ADD;');
    expect(text).toContain("16'h1234");
    expect(r.files[0]!.text).toContain('typedef enum logic [2:0] {');
    expect(r.files[0]!.text).toContain('TOP_FENCE_I = 3\'d5');
  });

  it('rejects an enum redefined differently and a value too wide', () => {
    expect(() => Enum('test_op', { add: 1 }, { width: 3, prefix: 'TOP' })).toThrow(/already defined differently/);
    expect(() => Enum('tiny', { a: 4 }, { width: 2 })).toThrow(/width 2 cannot hold the value 4/);
  });

  it('breaks a long OR tree one term per line, operators leading', () => {
    const terms = Array.from({ length: 20 }, (_, i) => `hit_instruction_${i}`);
    const lines = fitLine(`  assign illegal_o = ~(${terms.join(' | ')});  // core/decode/decoder.ts:52`);
    expect(lines[0]).toBe('  // core/decode/decoder.ts:52');
    expect(lines[1]).toBe('  assign illegal_o = ~(');
    expect(lines.slice(2, -1).map((l) => l.trim())).toEqual([terms[0], ...terms.slice(1).map((t) => `| ${t}`)]);
    expect(lines[lines.length - 1]!.trim()).toBe(');');
    expect(lines.every((l) => l.length <= MAX_COLUMNS)).toBe(true);
    // the tokens are the same: only blanks and line breaks were added
    const squash = (s: string) => s.replace(/\s+/g, '');
    expect(squash(lines.slice(1).join(' '))).toBe(squash(`assign illegal_o = ~(${terms.join(' | ')});`));
  });
});
