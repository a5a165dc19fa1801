/** Figures with k/M suffixes: 12 345 -> "12.3 k". */
export function human(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
  return n >= 100 ? n.toFixed(0) : n.toFixed(n >= 10 ? 1 : 2);
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * Progress of a campaign run, the same for both backends: shards done (and failed) of those this run does,
 * the rate in the kind's unit, the ETA from the mean units per finished shard.
 */
export class Progress {
  private readonly t0: number;
  private done = 0;
  private failed = 0;
  private finishedUnits = 0;
  private partialUnits = 0;

  constructor(
    private readonly shards: number,
    private readonly unit: string,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.t0 = now();
  }

  shardDone(units: number): void {
    this.done++;
    this.finishedUnits += units;
  }

  shardFailed(): void {
    this.failed++;
  }

  /** Units of shards still running (local workers report as they go); replaces the previous figure. */
  setPartial(units: number): void {
    this.partialUnits = units;
  }

  get finished(): number {
    return this.done + this.failed;
  }

  elapsed(): number {
    return (this.now() - this.t0) / 1000;
  }

  rate(): number {
    const s = this.elapsed();
    return s > 0 ? (this.finishedUnits + this.partialUnits) / s : 0;
  }

  eta(): number {
    if (this.done === 0) return Infinity;
    const expected = (this.finishedUnits / this.done) * (this.shards - this.failed);
    const left = Math.max(0, expected - this.finishedUnits - this.partialUnits);
    const r = this.rate();
    return r > 0 ? left / r : Infinity;
  }

  line(extra = ''): string {
    const units = this.finishedUnits + this.partialUnits;
    const left = this.shards - this.finished;
    return (
      `shards ${this.done}/${this.shards} done${this.failed ? `, ${this.failed} failed` : ''}${extra ? `, ${extra}` : ''} | ` +
      `${human(units)} ${this.unit}, ${human(this.rate())} ${this.unit}/s | ${duration(this.elapsed())} elapsed` +
      (left ? `, ETA ${duration(this.eta())}` : '')
    );
  }
}
