import type { Reference } from './reference.ts';

/**
 * One generated table of the docs: the benchmark whose committed result it reads
 * (bench/reference/<benchmark>.json), the command that measures it, and the rendering of its figures.
 */
export interface TableDef {
  id: string;
  benchmark: string;
  command: string;
  /**
   * The Markdown table (and any line that belongs to it) from the benchmark's figures; `ref` is the whole
   * result, for the machine it ran on (the load average, for timings).
   */
  render(figures: unknown, ref: Reference): string;
}
