/**
 * What the blocks of the core and the cluster are, by instance name (the last segment of a path), for
 * the labels of `--compare`. Only labels: the figures come from the synthesized hierarchy, and a block
 * missing here is still listed, under its instance name. The names are the generators' (src/core,
 * src/cluster); a renamed instance loses its label, not its row.
 */
export const BLOCK_ROLES: Record<string, string> = {
  '(top)': 'the top module',
  'u_core_*': 'core',
  u_prefetch_buffer: 'instruction prefetch buffer',
  u_compressed_expander: 'RVC expander',
  u_decoder: 'decoder',
  u_regfile: 'integer register file',
  u_alu: 'integer ALU',
  u_multiplier: 'multiplier',
  u_divider: 'divider',
  u_load_store_unit: 'load-store unit',
  u_xpulp_alu: 'Xpulp ALU',
  u_xpulp_mac: 'Xpulp MAC',
  u_simd_alu: 'SIMD ALU (.h/.b)',
  u_simd_nc4: 'nibble SIMD ALU',
  u_simd_nc2: 'crumb SIMD ALU',
  u_dotp_unit: 'dot-product unit',
  u_csr_file: 'CSR file, hardware loops',
  u_nnrf: 'NN register file',
  u_mac_load: 'Mac&Load controller',
  u_macl_stream: 'Mac&Load address streams (CSRs 0x100-0x107)',
  u_sb_ctrl: 'mixed-precision controller (status-based)',
  u_fabric: 'cluster fabric',
  u_tcdm: 'TCDM banks + logarithmic interconnect',
  u_periph: 'cluster peripherals, event unit',
  u_dma: 'DMA',
  u_l2_mux: 'L2 port arbiter',
};

/**
 * The label of a piece (`u_core_*.u_dotp_unit` -> 'dot-product unit'). An own-logic piece is labelled
 * `<role>: own logic` (`(top)` of a core: its pipeline, hazards and forwarding).
 */
export function blockRole(piece: string): string {
  const own = piece === '(top)' || piece.endsWith(' (own logic)');
  const path = piece.endsWith(' (own logic)') ? piece.slice(0, -' (own logic)'.length) : piece;
  const role = BLOCK_ROLES[path.split('.').pop()!] ?? '';
  return own && role ? `${role}: own logic` : role;
}
