/**
 * THE table of NAND2-equivalent weights for Yosys' generic gate cells (the only place these numbers
 * live; docs/synth.md reproduces and explains it).
 *
 * Source: footprints of the X1 cells of the Nangate 45 nm Open Cell Library (as shipped in the
 * OpenROAD platform LEF `NangateOpenCellLibrary.macro.lef`, SIZE lines), every cell 1.4 µm high on
 * 0.19 µm placement sites, NAND2_X1 = 0.57 µm wide
 * = 3 sites = 1 NAND2-equivalent. A weight is the cell's width in sites divided by 3. Generic cells
 * with no single library cell are the cheapest composition of library cells, written in `basis`.
 */
export interface CellWeight {
  /** Yosys generic cell types this row covers. */
  pattern: RegExp;
  nand2: number;
  /** Bits of state the cell holds: flip-flops and latches are counted from this. */
  state?: 'ff' | 'latch';
  basis: string;
}

const site = (sites: number) => Math.round((sites / 3) * 1000) / 1000;

// Footprints in placement sites (Nangate45 X1 cells).
const INV = 2, BUF = 3, NAND2 = 3, NOR2 = 3, AND2 = 4, OR2 = 4, XOR2 = 6, XNOR2 = 6, MUX2 = 7;
const AOI21 = 4, OAI21 = 4, AOI22 = 5, OAI22 = 5;
const DFF = 17, DFFR = 20, DFFRS = 24, DLH = 10;

export const CELL_WEIGHTS: readonly CellWeight[] = [
  { pattern: /^\$_NOT_$/, nand2: site(INV), basis: 'INV_X1' },
  { pattern: /^\$_BUF_$/, nand2: site(BUF), basis: 'BUF_X1' },
  { pattern: /^\$_NAND_$/, nand2: site(NAND2), basis: 'NAND2_X1' },
  { pattern: /^\$_NOR_$/, nand2: site(NOR2), basis: 'NOR2_X1' },
  { pattern: /^\$_AND_$/, nand2: site(AND2), basis: 'AND2_X1' },
  { pattern: /^\$_OR_$/, nand2: site(OR2), basis: 'OR2_X1' },
  { pattern: /^\$_XOR_$/, nand2: site(XOR2), basis: 'XOR2_X1' },
  { pattern: /^\$_XNOR_$/, nand2: site(XNOR2), basis: 'XNOR2_X1' },
  { pattern: /^\$_ANDNOT_$/, nand2: site(INV + NOR2), basis: 'INV_X1 + NOR2_X1 (A&~B = ~(~A|B))' },
  { pattern: /^\$_ORNOT_$/, nand2: site(INV + NAND2), basis: 'INV_X1 + NAND2_X1 (A|~B = ~(~A&B))' },
  { pattern: /^\$_MUX_$/, nand2: site(MUX2), basis: 'MUX2_X1' },
  { pattern: /^\$_NMUX_$/, nand2: site(MUX2 + INV), basis: 'MUX2_X1 + INV_X1' },
  { pattern: /^\$_(AOI3|OAI3)_$/, nand2: site(AOI21), basis: 'AOI21_X1 / OAI21_X1' },
  { pattern: /^\$_(AOI4|OAI4)_$/, nand2: site(AOI22), basis: 'AOI22_X1 / OAI22_X1' },
  // Flip-flops. Enables are a MUX2 in front of the flop; synchronous resets/sets an AND2 (or OR2).
  { pattern: /^\$_(DFF_[NP]|FF)_$/, nand2: site(DFF), state: 'ff', basis: 'DFF_X1' },
  { pattern: /^\$_DFF_[NP][NP][01]_$/, nand2: site(DFFR), state: 'ff', basis: 'DFFR_X1 / DFFS_X1' },
  { pattern: /^\$_DFFE_[NP][NP]_$/, nand2: site(DFF + MUX2), state: 'ff', basis: 'DFF_X1 + MUX2_X1' },
  { pattern: /^\$_DFFE_[NP][NP][01][NP]_$/, nand2: site(DFFR + MUX2), state: 'ff', basis: 'DFFR_X1 + MUX2_X1' },
  { pattern: /^\$_SDFF_[NP][NP][01]_$/, nand2: site(DFF + AND2), state: 'ff', basis: 'DFF_X1 + AND2_X1' },
  { pattern: /^\$_SDFF(C)?E_[NP][NP][01][NP]_$/, nand2: site(DFF + MUX2 + AND2), state: 'ff', basis: 'DFF_X1 + MUX2_X1 + AND2_X1' },
  { pattern: /^\$_DFFSR_[NP][NP][NP]_$/, nand2: site(DFFRS), state: 'ff', basis: 'DFFRS_X1' },
  { pattern: /^\$_DFFSRE_[NP][NP][NP][NP]_$/, nand2: site(DFFRS + MUX2), state: 'ff', basis: 'DFFRS_X1 + MUX2_X1' },
  { pattern: /^\$_ALDFF_[NP][NP]_$/, nand2: site(DFFRS + MUX2), state: 'ff', basis: 'DFFRS_X1 + MUX2_X1 (load steers set/reset)' },
  { pattern: /^\$_ALDFFE_[NP][NP][NP]_$/, nand2: site(DFFRS + 2 * MUX2), state: 'ff', basis: 'DFFRS_X1 + 2 MUX2_X1' },
  // Latches.
  { pattern: /^\$_DLATCH_[NP]_$/, nand2: site(DLH), state: 'latch', basis: 'DLH_X1' },
  { pattern: /^\$_DLATCH_[NP][NP][01]_$/, nand2: site(DLH + AND2), state: 'latch', basis: 'DLH_X1 + AND2_X1' },
  { pattern: /^\$_DLATCHSR_[NP][NP][NP]_$/, nand2: site(DLH + AND2 + OR2), state: 'latch', basis: 'DLH_X1 + AND2_X1 + OR2_X1' },
  { pattern: /^\$_SR_[NP][NP]_$/, nand2: site(2 * NOR2), state: 'latch', basis: '2 NOR2_X1' },
];

/**
 * Area model of a memory kept as a macro (see docs/synth.md): NAND2-equivalents per bit. A high-density
 * 6T bitcell is about 0.55 NAND2 in 22-28 nm-class processes (0.11 µm² vs 0.2 µm²); small macros reach
 * 65-70% array efficiency, so a bit costs about 0.8 NAND2 with its periphery.
 */
export const MACRO_NAND2_PER_BIT = 0.8;

/** The weight row of a generic cell type, or undefined when the table has none. */
export function cellWeight(type: string): CellWeight | undefined {
  return CELL_WEIGHTS.find((w) => w.pattern.test(type));
}
