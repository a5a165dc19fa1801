import { EVENT, PERIPH } from '../../platform/memory-map.ts';
import { SLEEP, type Memory, type PeriphDevice } from '../memory.ts';
import { Dma, type DmaCompletion } from './dma.ts';
import { EventUnit } from './event-unit.ts';

/** The event unit and DMA windows (offsets from the peripheral base; the DMA decodes 1 KiB as the RTL). */
const EU_LO = PERIPH.eventUnit, EU_HI = PERIPH.eventUnit + 0x100;
const DMA_LO = PERIPH.dma, DMA_HI = PERIPH.dma + 0x400;

/**
 * The cluster peripherals behind the base registers (which `Memory` serves): the event unit and the DMA.
 * `Memory` hands it word accesses with the accessing core's index.
 */
export class ClusterPeripherals implements PeriphDevice {
  readonly eu: EventUnit;
  readonly dma: Dma;
  private grouped = false;

  constructor(mem: Memory, cores: number, completion: DmaCompletion = 'immediate') {
    this.eu = new EventUnit(cores);
    this.dma = new Dma(mem, () => this.eu.raise(this.eu.coreBits, 1 << EVENT.dma), completion);
  }

  /**
   * False (free-running): every access is a cycle of its own. True (lockstep): the driver groups the
   * accesses of one RTL cycle, retries the harts whose wait slept, then calls `endCycle`.
   */
  get groupedCycles(): boolean {
    return this.grouped;
  }

  set groupedCycles(on: boolean) {
    this.grouped = on;
    this.eu.grouped = on;
  }

  read(core: number, off: number): number | typeof SLEEP | undefined {
    let v: number | typeof SLEEP | undefined;
    if (off >= EU_LO && off < EU_HI) v = this.eu.read(core, off - EU_LO);
    else if (off >= DMA_LO && off < DMA_HI) v = this.dma.read(off - DMA_LO);
    if (!this.grouped) this.eu.endCycle();
    return v;
  }

  write(core: number, off: number, value: number): boolean {
    let ok = false;
    if (off >= EU_LO && off < EU_HI) ok = this.eu.write(core, off - EU_LO, value);
    else if (off >= DMA_LO && off < DMA_HI) ok = this.dma.write(off - DMA_LO, value);
    if (!this.grouped) this.eu.endCycle();
    return ok;
  }

  /** Grouped: after the cycle's last access, before retrying the harts whose wait slept. */
  endAccesses(): void {
    this.eu.endAccesses();
  }

  /** Grouped: after the retries. */
  endCycle(): void {
    this.eu.endCycle();
  }
}
