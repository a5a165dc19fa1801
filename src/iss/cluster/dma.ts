import { DMA_COUNT_WIDTH, DMA_REG, inDmaTcdmWindow } from '../../platform/memory-map.ts';
import type { Memory } from '../memory.ts';

/**
 * When an accepted transfer is done:
 * - `immediate`: at START (free-running golden model: no time exists, programs only read the destination
 *   after observing completion, so doing it at once gives race-free programs the RTL's results);
 * - `deferred`: the copy still happens at START but the engine stays busy (STATUS bit 0, no done event, no
 *   DONE_COUNT step) until `complete()`: lockstep completes it when the RTL shows it has (src/cosim/cluster/lockstep.ts).
 */
export type DmaCompletion = 'immediate' | 'deferred';

const COUNT_MASK = (1 << DMA_COUNT_WIDTH) - 1;

/**
 * The golden DMA (docs/cluster.md): 1D/2D word transfers between the TCDM and L2, configured through
 * memory-mapped registers. The configuration is copied at START, so software may prepare the next one.
 * START is refused while busy or unless exactly one of SRC/DST is in the TCDM window.
 */
export class Dma {
  src = 0;
  dst = 0;
  len = 0;
  srcStride = 0;
  dstStride = 0;
  rows = 1;
  busy = false;
  refused = false;
  doneCount = 0;
  /** Words copied since reset (statistics). */
  wordsCopied = 0;

  constructor(
    private readonly mem: Memory,
    /** Raises the DMA done event in every core. */
    private readonly onDone: () => void,
    public completion: DmaCompletion = 'immediate',
  ) {}

  /** A word read at `off` of the DMA window; undefined when unmapped. */
  read(off: number): number | undefined {
    switch (off) {
      case DMA_REG.src: return this.src;
      case DMA_REG.dst: return this.dst;
      case DMA_REG.len: return this.len;
      case DMA_REG.srcStride: return this.srcStride;
      case DMA_REG.dstStride: return this.dstStride;
      case DMA_REG.rows: return this.rows;
      case DMA_REG.start: return 0;
      case DMA_REG.status: return (this.busy ? 1 : 0) | (this.refused ? 2 : 0);
      case DMA_REG.doneCount: return this.doneCount;
      default: return undefined;
    }
  }

  /** A word write; false when `off` is unmapped. Read-only registers ignore writes (as the RTL). */
  write(off: number, v: number): boolean {
    switch (off) {
      case DMA_REG.src: this.src = v | 0; return true;
      case DMA_REG.dst: this.dst = v | 0; return true;
      case DMA_REG.len: this.len = v | 0; return true;
      case DMA_REG.srcStride: this.srcStride = v | 0; return true;
      case DMA_REG.dstStride: this.dstStride = v | 0; return true;
      case DMA_REG.rows: this.rows = v | 0; return true;
      case DMA_REG.start: this.start(); return true;
      case DMA_REG.status:
      case DMA_REG.doneCount: return true;
      default: return false;
    }
  }

  /** Ends the transfer in progress (deferred completion): busy falls, DONE_COUNT steps, the event is raised. */
  complete(): boolean {
    if (!this.busy) return false;
    this.busy = false;
    this.finish();
    return true;
  }

  private start(): void {
    const accepted = !this.busy && inDmaTcdmWindow(this.src) !== inDmaTcdmWindow(this.dst);
    this.refused = !accepted;
    if (!accepted) return;
    this.copy();
    if (this.completion === 'immediate') this.finish();
    else this.busy = true;
  }

  private finish(): void {
    this.doneCount = (this.doneCount + 1) | 0;
    this.onDone();
  }

  /** Row by row, word by word, addresses word-aligned and wrapping at 32 bits (as the RTL's walkers). */
  private copy(): void {
    const m = this.mem;
    const words = (this.len >>> 2) & COUNT_MASK;
    const rows = this.rows & COUNT_MASK;
    const src = this.src & ~3, dst = this.dst & ~3;
    const ss = this.srcStride & ~3, ds = this.dstStride & ~3;
    for (let r = 0; r < rows; r++) {
      for (let w = 0; w < words; w++) {
        const from = (src + r * ss + 4 * w) | 0;
        const to = (dst + r * ds + 4 * w) | 0;
        // Only RAM is reachable: a transfer touching the peripherals or nothing is a bus error.
        if (!m.regionOf(from)) return m.halt('bus-error', from);
        if (!m.regionOf(to)) return m.halt('bus-error', to);
        m.write(to, 4, m.read(from, 4));
        this.wordsCopied++;
      }
    }
  }
}
