import { describe, expect, it } from 'vitest';
import { collapseArrays } from '../../src/synth/collapse.ts';

const row = (path: string, signature = 'm') => ({ segments: path ? path.split('.') : [], signature });

describe('instance arrays in block tables', () => {
  it('prints a run of identical siblings once, with the first member’s children', () => {
    const rows = [row(''), row('u_core_0', 'core'), row('u_core_0.u_alu', 'alu'), row('u_core_1', 'core'), row('u_core_1.u_alu', 'alu'), row('u_core_2', 'core'), row('u_core_2.u_alu', 'alu'), row('u_dma', 'dma')];
    expect(collapseArrays(rows, 'cluster').map((r) => ['  '.repeat(r.level) + r.name])).toEqual([
      ['cluster'],
      ['  u_core_[0..2] (x3)'],
      ['    u_alu'],
      ['  u_dma'],
    ]);
  });

  it('keeps siblings apart when their figures differ', () => {
    const rows = [row(''), row('u_lane_0', 'a'), row('u_lane_1', 'a'), row('u_lane_2', 'b')];
    expect(collapseArrays(rows, 'top').map((r) => r.name)).toEqual(['top', 'u_lane_[0..1] (x2)', 'u_lane_2']);
  });
});
