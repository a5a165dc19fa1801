// Revision 2 (spec §4, §5) in the built kernels, read back from the linked ELFs with the ISA table: no
// revision-1 `.m` instruction, every Mac&Load activations unsigned x weights signed, the flexv build's
// Mac&Loads status-based (rs1 = x0: addresses from the macl streams), its other packed-SIMD instructions
// only the depthwise dot products, and status-based decoding entered and left again.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { csrByName } from '../../src/isa/csrs.ts';
import { MACLOAD_SIGNS } from '../../src/isa/signs.ts';
import { decodeWord } from '../../src/isa/table.ts';
import { FORMAT_PAIRS, makeLayer, type Bits, type Build } from '../../src/kernels/index.ts';
import { buildKernel } from '../../src/kernels/build.ts';
import { layerDataSource } from '../../src/kernels/c-data.ts';
import { buildClusterLayer } from '../../src/kernels/cluster/golden.ts';
import { makeClusterLayer } from '../../src/kernels/cluster/index.ts';
import { requireTool } from '../../src/util/tools.ts';

/** The decoded 32-bit instructions of an ELF's code (objdump -d). */
async function instructions(elf: string) {
  const objdump = await requireTool('objdump');
  const out: NonNullable<ReturnType<typeof decodeWord>>[] = [];
  for (const line of (await execa(objdump, ['-d', elf])).stdout.split('\n')) {
    const m = line.match(/^\s*[0-9a-f]+:\t([0-9a-f]{8})\s/);
    const d = m ? decodeWord('flexv', parseInt(m[1]!, 16)) : undefined;
    if (d) out.push(d);
  }
  return out;
}

type Decoded = Awaited<ReturnType<typeof instructions>>[number];
const SB_LEGACY = csrByName('sb_legacy')!.address;

/** `macLoads`: the build runs Mac&Load loops for the pair (flexv always; xpulpnn when a <= w). */
function checkRevision2(ds: Decoded[], build: Build, macLoadsExpected: boolean, where: string): void {
  expect(ds.filter((d) => d.def.ext === 'flexv').map((d) => d.def.id), where).toEqual([]);
  const macLoads = ds.filter((d) => d.def.macLoad);
  expect(macLoads.length > 0, `${where}: Mac&Loads`).toBe(macLoadsExpected);
  for (const d of macLoads) expect(MACLOAD_SIGNS[d.def.macLoad!.sign], `${where} ${d.def.id}`).toEqual({ act: false, wt: true });
  const modeWrites = ds.filter((d) => d.def.id === 'csrrwi' && d.operands.csr === SB_LEGACY).map((d) => d.operands.uimm);
  if (build !== 'flexv') {
    expect(modeWrites, where).toEqual([]);
    return;
  }
  for (const d of macLoads) expect(d.operands.rs1, `${where} ${d.def.id}: status-based, no address register`).toBe(0);
  for (const d of ds.filter((x) => x.def.simd)) {
    expect(['dot', 'sdot'], `${where} ${d.def.id}`).toContain(d.def.simd!.op);
    expect(d.def.simd!.sign, `${where} ${d.def.id}`).toBe('usp');
  }
  expect(modeWrites, where).toContain(0);
  expect(modeWrites, where).toContain(1);
}

describe('revision-2 instructions in the built kernels', () => {
  it.each(['xpulpnn', 'flexv', 'baseline'] as Build[])('single-core kernels, %s, 9 pairs', async (build) => {
    for (const { a, w } of FORMAT_PAIRS) {
      const layer = makeLayer({ a, w, outBits: a, n: 16, k: 64, pixels: 3 }, 1);
      const elf = await buildKernel({ build, a, w, outBits: a }, layerDataSource(layer));
      checkRevision2(await instructions(elf), build, build === 'flexv' || (build === 'xpulpnn' && a <= w), `${build} a${a}w${w}`);
    }
  });

  it.each(['xpulpnn', 'flexv'] as Build[])('cluster kernels (conv, fc, native depthwise), %s, 9 pairs', async (build) => {
    for (const { a, w } of FORMAT_PAIRS) {
      const outBits: Bits = a;
      const shapes = [
        makeClusterLayer({ kind: 'conv', height: 3, width: 3, cin: 32, cout: 16, kh: 3, kw: 3, stride: 1, pad: 1, a, w, outBits }, { maxCores: 2 }, 1),
        makeClusterLayer({ kind: 'fc', n: 32, k: 64, a, w, outBits }, { maxCores: 2 }, 1),
        makeClusterLayer({ kind: 'depthwise', height: 3, width: 4, channels: 32, kh: 3, kw: 3, stride: 1, pad: 1, a, w, outBits }, { maxCores: 2, lanes: 'native' }, 1),
      ];
      // One after the other: concurrent builds of the same object in one process would share its temporary name.
      for (const c of shapes) checkRevision2(await instructions(await buildClusterLayer(c, build)), build, build === 'flexv' || a <= w, `${c.kind} ${build} a${a}w${w}`);
    }
  });
});
