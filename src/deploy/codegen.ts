/**
 * C code generation: one translation unit per layer (its constants and its kernel descriptor, deploy.h) and
 * the network unit (input, L2 arena, dump slots, TCDM scratch and stacks, the layer table the driver
 * sw/deploy/network.c runs). Output is deterministic: the same network and options give the same text.
 */
import type { DeviceNet, DeviceRequant, DevLayer } from './lower.ts';
import type { MemoryPlan, Staging } from './plan.ts';

export interface GeneratedProgram {
  /** file name → C text */
  files: Map<string, string>;
  colBytes: number;
  stackBytes: number;
  /** TCDM bytes the program's .l1_bss takes (scratch + stacks) */
  tcdmBytes: number;
}

const STACK_BYTES = 1024;

function list(values: ArrayLike<number | bigint>, suffix = ''): string {
  const out: string[] = [];
  for (let i = 0; i < values.length; i += 16) {
    out.push('  ' + Array.from({ length: Math.min(16, values.length - i) }, (_, j) => `${values[i + j]}${suffix}`).join(', '));
  }
  return out.join(',\n');
}

/** An int64 literal (INT64_MIN-safe). */
const i64 = (v: bigint) => (v === -(2n ** 63n) ? '(-9223372036854775807LL - 1)' : `${v}LL`);

function requantDecl(prefix: string, r: DeviceRequant): { decls: string; init: string } {
  const decls = `static const int32_t ${prefix}_mul[] = {\n${list(r.mul)}\n};\nstatic const int64_t ${prefix}_add[] = {\n${r.add.map(i64).join(', ')}\n};\n`;
  return { decls, init: `{ ${prefix}_mul, ${prefix}_add, ${r.shift}, ${r.lo}, ${r.hi}, ${r.perChannel ? 1 : 0}, ${r.wide ? 1 : 0} }` };
}

const RUN: Record<DevLayer['kind'], [string, string]> = {
  conv: ['dp_conv_run', 'dp_conv'],
  depthwise: ['dp_depthwise_run', 'dp_conv'],
  pool: ['dp_pool_run', 'dp_pool'],
  add: ['dp_add_run', 'dp_add'],
  requant: ['dp_requant_run', 'dp_requant_layer'],
};

/** `useFast`: layers the build's fused pipeline computes exactly run on it (lower.ts fastPath); else all run on the generic kernels. */
export function generateProgram(dev: DeviceNet, plan: MemoryPlan, input: Uint8Array, maxCores: number, useFast = true, staging = new Map<number, Staging>()): GeneratedProgram {
  const files = new Map<string, string>();
  const l2addr = (name: string) => (name === dev.net.input.name ? '(uint8_t *)dp_input' : `(dp_arena + ${plan.placements.get(name)!.offset})`);
  let st: Staging | undefined;
  const addr = (name: string) => (st ? `(dp_l1 + ${st.at.get(name)})` : l2addr(name));
  // im2col rows: convolutions that do not read their input in place (1 x 1, unpadded, whole-word pixels)
  const inPlace = (l: DevLayer) => l.kind === 'conv' && l.geometry.kh === 1 && l.geometry.kw === 1 && l.geometry.pt === 0 && l.geometry.pl === 0 && l.geometry.cin === l.kpad;
  const colBytes = dev.layers.reduce((m, l) => (l.kind === 'conv' && !inPlace(l) ? Math.max(m, 2 * l.kpad) : m), 4);
  const id = (l: DevLayer) => String(l.index).padStart(3, '0');
  // linear_requant_pixels' scratch: two activation rows (used by the builds that prepare activations)
  const scratchWords = dev.layers.reduce((m, l) => (l.kind === 'conv' && l.fast && useFast ? Math.max(m, 2 * (l.kpad / 4) + 8) : m), 8);
  for (const l of dev.layers) {
    const n = id(l);
    st = staging.get(l.index);
    let body = `/* layer ${l.index}: ${l.layer.op} '${l.layer.nodes.join(' + ')}' -> '${l.output}' (generated) */\n#include "deploy.h"\n\nextern uint8_t dp_arena[];\nextern const uint8_t dp_input[];\nextern uint8_t dp_col[];\nextern uint32_t dp_scratch[];\nextern uint8_t dp_l1[];\n\n`;
    const xin: string[] = [];
    if (l.kind === 'conv' || l.kind === 'depthwise') {
      const g = l.geometry;
      const padded = new Int8Array((l.weights.length + 3) & ~3);
      padded.set(l.weights);
      body += `static const int8_t wt[] __attribute__((aligned(4))) = {\n${list(padded)}\n};\nstatic const int32_t bias[] = {\n${list(l.bias)}\n};\n`;
      const fastHere = !!(l.fast && useFast);
      let wtRef = 'wt';
      if (st && !fastHere) {
        xin.push(`{ wt, dp_l1 + ${st.weightsAt}, ${st.weightBytes} }`);
        wtRef = `(const int8_t *)(dp_l1 + ${st.weightsAt})`;
      }
      const rq = l.rq ? requantDecl('rq', l.rq) : { decls: '', init: '{ 0, 0, 0, 0, 0, 0, 0 }' };
      body += rq.decls;
      let fast = '0, 0, 0, 0, 0';
      if (l.fast && useFast) {
        body += `static const uint32_t fast_w[] __attribute__((aligned(4))) = {\n${list(l.fast.weights, 'u')}\n};\nstatic const int32_t kappa[] = {\n${list(l.fast.kappa)}\n};\nstatic const int32_t lambda[] = {\n${list(l.fast.lambda)}\n};\n`;
        let fw = 'fast_w', ka = 'kappa', la = 'lambda';
        if (st) {
          const n4 = 4 * l.fast.kappa.length;
          xin.push(`{ fast_w, dp_l1 + ${st.weightsAt}, ${st.weightBytes} }`, `{ kappa, dp_l1 + ${st.kappaAt}, ${n4} }`, `{ lambda, dp_l1 + ${st.kappaAt! + n4}, ${n4} }`);
          fw = `(const uint32_t *)(dp_l1 + ${st.weightsAt})`;
          ka = `(const int32_t *)(dp_l1 + ${st.kappaAt})`;
          la = `(const int32_t *)(dp_l1 + ${st.kappaAt! + n4})`;
        }
        fast = `${fw}, ${ka}, ${la}, dp_scratch, ${scratchWords}`;
      }
      body += `const struct dp_conv dp_layer_${n} = {\n  ${addr(l.input[0]!)}, ${addr(l.output)},\n  ${g.h}, ${g.w}, ${g.cin}, ${g.oh}, ${g.ow}, ${g.cout}, ${g.kh}, ${g.kw}, ${g.sh}, ${g.sw}, ${g.pt}, ${g.pl},\n  ${g.zpIn}, ${wtRef}, ${l.kpad}, bias, ${rq.init}, ${l.out32 ? 1 : 0}, dp_col, ${colBytes},\n  ${fast},\n};\n`;
    } else if (l.kind === 'pool') {
      const g = l.geometry;
      const rq = requantDecl('rq', l.rq);
      body += rq.decls;
      body += `const struct dp_pool dp_layer_${n} = {\n  ${addr(l.input[0]!)}, ${addr(l.output)},\n  ${g.h}, ${g.w}, ${g.c}, ${g.oh}, ${g.ow}, ${g.kh}, ${g.kw}, ${g.sh}, ${g.sw}, ${g.pt}, ${g.pl},\n  ${l.isMax ? 1 : 0}, ${g.zpIn}, ${rq.init},\n};\n`;
    } else if (l.kind === 'add') {
      const t = dev.tensors.get(l.output)!;
      const a = requantDecl('pa', l.pre[0]), b = requantDecl('pb', l.pre[1]), rq = requantDecl('rq', l.rq);
      body += a.decls + b.decls + rq.decls;
      body += `const struct dp_add dp_layer_${n} = {\n  ${addr(l.input[0]!)}, ${addr(l.input[1]!)}, ${addr(l.output)},\n  ${t.h * t.w}, ${t.c}, ${a.init}, ${b.init}, ${rq.init},\n};\n`;
    } else if (l.kind === 'requant') {
      const t = dev.tensors.get(l.output)!;
      const rq = requantDecl('rq', l.rq);
      body += rq.decls;
      body += `const struct dp_requant_layer dp_layer_${n} = {\n  ${addr(l.input[0]!)}, ${addr(l.output)}, ${t.h * t.w}, ${t.c}, ${rq.init},\n};\n`;
    }
    if (st) {
      for (const name of new Set(l.input)) xin.unshift(`{ ${l2addr(name)}, dp_l1 + ${st.at.get(name)}, ${dev.tensors.get(name)!.bytes} }`);
      body += `const struct dp_xfer dp_xin_${n}[] = {\n  ${xin.join(',\n  ')},\n};\nconst struct dp_xfer dp_xout_${n}[] = {\n  { dp_l1 + ${st.at.get(l.output)}, ${l2addr(l.output)}, ${dev.tensors.get(l.output)!.bytes} },\n};\n`;
    }
    files.set(`layer_${n}.c`, body);
  }
  const steps = dev.layers
    .map((l) => {
      const [fn] = RUN[l.kind];
      const s = staging.get(l.index);
      const nin = new Set(l.input).size + (l.kind === 'conv' || l.kind === 'depthwise' ? 1 : 0) + (s?.kappaAt !== undefined ? 2 : 0);
      const x = s ? `dp_xin_${id(l)}, dp_xout_${id(l)}, ${nin}, 1` : '0, 0, 0, 0';
      return `  { (void (*)(const void *, int, int))${fn}, &dp_layer_${id(l)}, ${x}, ${l2addr(l.output)}, dp_dump + ${plan.dump.get(l.output)}, ${dev.tensors.get(l.output)!.bytes} },`;
    })
    .join('\n');
  const externs = dev.layers
    .map((l) => `extern const struct ${RUN[l.kind][1]} dp_layer_${id(l)};${staging.has(l.index) ? ` extern const struct dp_xfer dp_xin_${id(l)}[], dp_xout_${id(l)}[];` : ''}`)
    .join('\n');
  const l1Bytes = Math.max(16, ...[...staging.values()].map((s) => s.bytes));
  const inputWords = new Uint8Array(plan.inputBytes);
  inputWords.set(input);
  const tcdmBytes = fixedTcdmBytes(dev, maxCores, useFast) + l1Bytes;
  files.set(
    'network_data.c',
    `/* network '${dev.net.source}' (generated): input, L2 arena, dump slots, TCDM scratch, stacks, layer table */
#include "deploy.h"
#define L1_BSS __attribute__((section(".l1_bss"), aligned(16)))

const uint8_t dp_input[${plan.inputBytes}] __attribute__((aligned(16))) = {
${list(inputWords)}
};
uint8_t dp_arena[${Math.max(4, plan.arenaBytes)}] __attribute__((aligned(16)));
uint8_t dp_dump[${Math.max(4, plan.dumpBytes)}] __attribute__((aligned(16)));
uint8_t dp_col[${maxCores * colBytes}] L1_BSS;
uint32_t dp_scratch[${maxCores * scratchWords}] L1_BSS;
uint8_t dp_l1[${l1Bytes}] L1_BSS;
uint32_t cluster_stacks[${(maxCores * STACK_BYTES) / 4}] L1_BSS;
const uint32_t cluster_stack_bytes = ${STACK_BYTES};

${externs}

const struct dp_step dp_steps[] = {
${steps}
};
const int32_t dp_nsteps = ${dev.layers.length};
const int32_t dp_max_cores = ${maxCores};
volatile uint32_t dp_cycles[${dev.layers.length}];
volatile uint32_t dp_instr[${dev.layers.length * maxCores}];
`,
  );
  return { files, colBytes, stackBytes: STACK_BYTES, tcdmBytes };
}

/** TCDM bytes every program needs whatever is staged: im2col rows, the fast path's scratch, stacks. */
export function fixedTcdmBytes(dev: DeviceNet, maxCores: number, useFast: boolean): number {
  const inPlace = (l: DevLayer) => l.kind === 'conv' && l.geometry.kh === 1 && l.geometry.kw === 1 && l.geometry.pt === 0 && l.geometry.pl === 0 && l.geometry.cin === l.kpad;
  const colBytes = dev.layers.reduce((m, l) => (l.kind === 'conv' && !inPlace(l) ? Math.max(m, 2 * l.kpad) : m), 4);
  const scratchWords = dev.layers.reduce((m, l) => (l.kind === 'conv' && l.fast && useFast ? Math.max(m, 2 * (l.kpad / 4) + 8) : m), 8);
  return maxCores * (colBytes + 4 * scratchWords + STACK_BYTES) + 64;
}
