import { describe, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runSweep, sweepPoints, writeSweepFiles, SWEEP_COLUMNS } from '../../src/sweep/index.ts';
import { fakeRunner } from './fake-runner.ts';

const OUT = resolve(import.meta.dirname, '..', '..', 'build', 'test-sweep');
const kernel = { name: 'conv3x3', a: 2, w: 2 };

/** A sweep of the fake runner with a clock that advances 1.5 s per reading: every byte is determined. */
async function sweep(failAt?: NonNullable<Parameters<typeof fakeRunner>[0]>['failAt']) {
  let t = 0;
  return runSweep(sweepPoints([1, 2, 4, 8], [1, 2], 'flexv', kernel), fakeRunner(failAt ? { failAt } : {}), { now: () => (t += 1500) });
}

describe('sweep files', () => {
  it('writes the same CSV, SVG and JSON bytes for the same sweep', async () => {
    const a = join(OUT, 'files-a');
    const b = join(OUT, 'files-b');
    await rm(a, { recursive: true, force: true });
    const fa = await writeSweepFiles(a, await sweep());
    const fb = await writeSweepFiles(b, await sweep());
    for (const name of ['sweep.csv', 'sweep.svg', 'sweep.json']) {
      expect(await readFile(join(a, name), 'utf8'), name).toBe(await readFile(join(b, name), 'utf8'));
    }
    expect(fa.failures.size).toBe(0);
    expect(existsSync(join(a, 'failures'))).toBe(false);
    const csv = (await readFile(fa.csv, 'utf8')).trimEnd().split('\n');
    expect(csv[0]).toBe(SWEEP_COLUMNS.join(','));
    expect(csv).toHaveLength(9);
    // banking 1, 8 cores: fake cycles 2000 + 90000/8 + 320 = 13570 (rounded), area 15000 + 127000*8 + 1500*8.
    expect(csv[4]).toBe('8,1,8,flexv,conv3x3,2,2,ok,,,13570,15070,73728,5.4332,6.7826,320,5800,1043000,2720721.6,2097152,24600,1.997,1.5');
    const svg = await readFile(fa.svg!, 'utf8');
    // Two banking factors: two throughput lines and two (dashed) area lines, a marker per point (and per
    // series in the legend); the lane limit (16 to 128) is far above 5.4 MAC/cycle: a note, not a line.
    expect(svg.match(/<polyline /g)).toHaveLength(4);
    expect(svg.match(/<polyline [^>]*stroke-dasharray="6 4"/g)).toHaveLength(2);
    expect(svg).toContain('>lane limit (cores x 32 / 2): 16 to 128 MAC/cycle, off this scale</text>');
    expect(svg.match(/ class="marker"/g)).toHaveLength(16 + 4);
    expect(svg).toContain('MAC/cycle (banking 2)');
    expect(svg).toMatchSnapshot();
  });

  it('keeps a failed point in the CSV, leaves it out of its line, and writes its full report', async () => {
    const out = join(OUT, 'files-failed');
    await rm(out, { recursive: true, force: true });
    const results = await sweep({ cores: 4, banking: 2, stage: 'run', message: 'cluster lockstep mismatch at cycle 41, core 0\nline two of the report' });
    const files = await writeSweepFiles(out, results);
    const csv = await readFile(files.csv, 'utf8');
    expect(csv).toContain('4,2,8,flexv,conv3x3,2,2,failed,run,"run: cluster lockstep mismatch at cycle 41, core 0",,,,,,,,');
    const svg = await readFile(files.svg!, 'utf8');
    expect(svg.match(/ class="marker"/g)).toHaveLength(15 + 4);
    const [file] = [...files.failures.values()];
    expect(file).toBe(join(out, 'failures', 'cores4-banking2-flexv-conv3x3-a2w2.txt'));
    expect(await readFile(file!, 'utf8')).toBe('cores=4 banking=2 flexv conv3x3 a2w2: run:\ncluster lockstep mismatch at cycle 41, core 0\nline two of the report\n');
  });
});
