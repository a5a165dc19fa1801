import { describe, expect, it } from 'vitest';
import { blockRole } from '../../src/synth/block-roles.ts';

describe('block labels of --compare', () => {
  it('labels blocks by instance name, folded arrays and own-logic pieces included; unknown ones stay blank', () => {
    expect(blockRole('u_dotp_unit')).toBe('dot-product unit');
    expect(blockRole('u_core_*.u_nnrf')).toBe('NN register file');
    expect(blockRole('u_core_* (own logic)')).toBe('core: own logic');
    expect(blockRole('(top)')).toBe('the top module: own logic');
    expect(blockRole('u_fabric.u_tcdm')).toBe('TCDM banks + logarithmic interconnect');
    expect(blockRole('u_something_new')).toBe('');
  });
});
