// The cluster top (src/cluster/cluster.ts): parameters refused with the flag they come from, the emitted
// SystemVerilog Verilator -Wall clean and accepted by Yosys (synth + check -assert), and the harness's
// port header generated for any core count.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterDesign, emitCluster } from '../../src/cluster/cluster.ts';
import { resolveClusterParams } from '../../src/cluster/cluster-params.ts';
import { clusterPortsHeader, clusterVerilatorConfig, tcdmPreloadCode } from '../../src/cosim/cluster/ports.ts';
import { writeEmit } from '../../src/hdl/index.ts';
import { lintVerilator } from '../../src/sim/lint.ts';
import { yosysCheck } from '../../src/synth/check.ts';
import { UserError } from '../../src/util/errors.ts';
import { hasTool } from '../../src/util/tools.ts';

const refused = (f: () => unknown, location: string, message: RegExp) => {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).location).toBe(location);
  expect((err as Error).message).toMatch(message);
};

describe('cluster parameters', () => {
  it('derives banks and words per bank', () => {
    expect(resolveClusterParams({ cores: 8 })).toMatchObject({ banking: 2, banks: 16, bankWords: 4096, config: 'baseline', tcdmBytes: 256 * 1024 });
    expect(resolveClusterParams({ cores: 16, banking: 4, tcdmBytes: 128 * 1024 })).toMatchObject({ banks: 64, bankWords: 512 });
    // 3 cores x 2 = 6 banks: rounded up to 8, a power of two for the word interleave
    expect(resolveClusterParams({ cores: 3 })).toMatchObject({ banks: 8 });
  });
  it('refuses bad values, naming the flag', () => {
    refused(() => resolveClusterParams({ cores: 0 }), '--cores', /--cores must be an integer in 1\.\.31, got 0/);
    refused(() => resolveClusterParams({ cores: 2.5 }), '--cores', /got 2\.5/);
    refused(() => resolveClusterParams({ cores: 4, banking: 3 }), '--banking', /power of two in 1\.\.16, got 3/);
    refused(() => resolveClusterParams({ cores: 4, config: 'rv64' }), '--config', /unknown core configuration 'rv64' \(available: baseline, /);
    refused(() => resolveClusterParams({ cores: 4, tcdmBytes: 3000 }), '--tcdm-size', /power of two/);
    refused(() => resolveClusterParams({ cores: 4, tcdmBytes: 4 << 20 }), '--tcdm-size', /1024\.\.2097152/);
    refused(() => resolveClusterParams({ cores: 16, banking: 16, tcdmBytes: 1024 }), '--tcdm-size', /less than 2 words per bank/);
  });
  it('elaborates N cores, each with its retirement port, and the fabric', () => {
    const { params, design } = clusterDesign({ cores: 3 });
    expect(params.banks).toBe(8);
    const { result } = emitCluster({ cores: 3 });
    expect(result.top).toBe('flexv_cluster');
    const names = new Set(result.ports.map((p) => p.name));
    for (let i = 0; i < 3; i++) for (const p of ['rvfi_%_valid_o', 'rvfi_%_mem0_addr_o', 'instr_%_req_o', 'instr_rsp_%_rdata_i']) expect(names.has(p.replace('%', String(i)))).toBe(true);
    expect(names.has('rvfi_3_valid_o')).toBe(false);
    expect(names.has('tcdm_conflicts_3_o')).toBe(true); // the DMA's counters
    expect(result.ports.find((p) => p.name === 'sleeping_o')?.width).toBe(3);
    expect(design).toBeDefined();
    expect(result.warnings).toEqual([]);
  });
  it('generates the harness header and the TCDM preload for the emitted ports', () => {
    const { params, result } = emitCluster({ cores: 2, banking: 1 });
    const header = clusterPortsHeader(result.ports, 2);
    expect(header).toContain('#define FLEXV_CORES 2');
    expect(header).toContain('c[1].rvfi_pc = &t->rvfi_1_pc_o;');
    expect(header).toContain('CData* rvfi_valid;');
    expect(header).toContain('tcdm_requests_2_o'); // the DMA's counter
    const preload = tcdmPreloadCode(result, params);
    expect(preload).toContain('case 1: t->rootp->flexv_cluster_sim_top__DOT__u_cluster__DOT__u_fabric__DOT__u_tcdm__DOT__u_bank_1__DOT__u_ram__DOT__mem_q[row]');
    expect(preload).not.toContain('case 2:');
    expect(clusterVerilatorConfig(result)).toMatch(/public_flat_rw -module "flexv_ram_1r1w\w*" -var "mem_q"/);
  });
});

const tools = (await hasTool('verilator')) && (await hasTool('yosys'));

describe.skipIf(!tools)('the cluster emits clean SystemVerilog', () => {
  it('Verilator -Wall: zero messages (2 cores)', async () => {
    const { result } = emitCluster({ cores: 2, tcdmBytes: 4096 });
    const dir = 'build/test-cluster/sv-clean/flexv_cluster-2';
    await writeEmit(result, dir);
    const lint = await lintVerilator(dir, { top: result.top });
    expect(lint.messages).toEqual([]);
  }, 300_000);
  // Synthesises a whole core (60-400 s with the load): run with FLEXV_SLOW_TESTS=1 (CI's nightly), passed 24 Nov 2026.
  it.runIf(process.env.FLEXV_SLOW_TESTS === '1')('Yosys synth + check -assert (1 core, 1 KiB TCDM)', async () => {
    const { result } = emitCluster({ cores: 1, tcdmBytes: 1024 });
    const dir = 'build/test-cluster/sv-clean/flexv_cluster-1';
    await writeEmit(result, dir);
    const synth = await yosysCheck(resolve(dir), result.top);
    expect(synth.errors).toEqual([]);
    expect(synth.ok).toBe(true);
  }, 600_000);
});
