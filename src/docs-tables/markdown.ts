/** A Markdown table: a header row, the separator (right-aligned where `right[i]`), the body rows. */
export function markdownTable(header: string[], rows: string[][], right: boolean[] = []): string {
  const sep = header.map((_, i) => (right[i] ? '---:' : '---'));
  const line = (cells: string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), `|${sep.join('|')}|`, ...rows.map(line)].join('\n');
}

/** A number with thin grouping as the docs write them (113 336), `digits` decimals. */
export function grouped(x: number, digits = 0): string {
  const [int, frac] = Math.abs(x).toFixed(digits).split('.');
  const g = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${x < 0 ? '-' : ''}${g}${frac ? `.${frac}` : ''}`;
}

/** A signed percentage with two decimals (+12.60 %). */
export function signedPercent(x: number, digits = 2): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(digits)} %`;
}

/** The load averages (1, 5, 15 min) a timing ran under, as a clause: "load average 15.2 / 12.4 / 7.4". */
export function loadClause(load: number[] | undefined): string {
  return load && load.length ? `load average ${load.map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min) at the start` : 'load average not recorded';
}
