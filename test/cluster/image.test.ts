// The program image loader both harnesses share (sim/common/image.h): a bad file ends either harness with a
// one-line JSON error naming the problem, never a crash or a silent partial load; the cluster places TCDM
// segments word by word and refuses those it cannot.
import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildClusterSim } from '../../src/cosim/cluster/build.ts';
import { buildCoreSim } from '../../src/cosim/build.ts';
import { IMAGE_MAGIC } from '../../src/cosim/image.ts';
import { DEFAULT_SIZES, L2_BASE, PERIPH, PERIPH_BASE, PERIPH_SIZE, TCDM_BASE } from '../../src/platform/memory-map.ts';
import { hasTool } from '../../src/util/tools.ts';
import { CLUSTER_PROGRAM_BUILD } from './programs.ts';

const tools = await hasTool('verilator');
const dir = join(CLUSTER_PROGRAM_BUILD, 'images');

/** An image as src/cosim/image.ts writes it: header words, then (address, length, bytes) per segment. */
function image(segments: { addr: number; bytes: number[] }[], headerWords?: number): Buffer {
  const header = [
    IMAGE_MAGIC, L2_BASE >>> 0, DEFAULT_SIZES.l2, TCDM_BASE, DEFAULT_SIZES.tcdm, PERIPH_BASE, PERIPH_SIZE, PERIPH.coreCount, PERIPH.cycles, PERIPH.eoc,
    L2_BASE >>> 0, 0xffffffff, segments.length,
  ];
  const words = (ws: number[]) => {
    const b = Buffer.alloc(4 * ws.length);
    ws.forEach((w, i) => b.writeUInt32LE(w >>> 0, 4 * i));
    return b;
  };
  const all = Buffer.concat([words(header), ...segments.flatMap((s) => [words([s.addr, s.bytes.length]), Buffer.from(s.bytes)])]);
  return headerWords === undefined ? all : all.subarray(0, 4 * headerWords);
}

const CASES: [string, Buffer | undefined, RegExp][] = [
  ['a missing file', undefined, /cannot open image/],
  ['a wrong magic', Buffer.from('FXVX0000'), /not a flexv image/],
  ['a truncated header', image([], 6), /truncated image/],
  ['a truncated segment', image([{ addr: L2_BASE >>> 0, bytes: [1, 2, 3, 4, 5, 6, 7, 8] }]).subarray(0, 13 * 4 + 8 + 4), /truncated segment/],
  ['a segment outside the memory map', image([{ addr: 0x2000_0000, bytes: [0, 0, 0, 0] }]), /segment outside the memory map/],
  ['a segment longer than the map', Buffer.concat([image([]).subarray(0, 12 * 4), Buffer.from([1, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0, 0xf0])]), /segment larger than the memory map/],
];

describe.skipIf(!tools)('program images (sim/common/image.h) in both harnesses', { timeout: 900_000 }, () => {
  let clusterExe = '';
  let coreExe = '';
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    clusterExe = (await buildClusterSim({ cores: 1, config: 'baseline' })).exe;
    coreExe = (await buildCoreSim('baseline')).exe;
  });

  const run = async (exe: string, file: string) => {
    const r = await execa(exe, [file, '--max-cycles', '100'], { reject: false });
    return { code: r.exitCode, last: r.stderr.trim().split('\n').pop() ?? '' };
  };

  it.each(CASES)('%s: both harnesses stop with a JSON error naming it', async (name, bytes, message) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.img`);
    if (bytes) writeFileSync(file, bytes);
    for (const exe of [clusterExe, coreExe]) {
      const r = await run(exe, file);
      expect(r.code).toBe(3);
      expect(JSON.parse(r.last).error).toMatch(message);
    }
  });

  it('the cluster refuses a TCDM segment it cannot place word by word; the core takes it as bytes', async () => {
    const file = join(dir, 'tcdm-unaligned.img');
    writeFileSync(file, image([{ addr: TCDM_BASE + 2, bytes: [1, 2, 3, 4] }]));
    const cluster = await run(clusterExe, file);
    expect(cluster.code).toBe(3);
    expect(JSON.parse(cluster.last).error).toMatch(/TCDM segment not word-aligned or outside the TCDM/);
    const core = await run(coreExe, file);
    expect(core.code).toBe(0); // loaded; the program (zeros in L2) then runs into the cycle limit or a trap
    expect(JSON.parse(core.last).reason).toBeDefined();
  });
});
