/**
 * CSV writing (RFC 4180): comma-separated, CRLF-free (`\n` line ends, as spreadsheets and pandas accept),
 * a field quoted when it holds a comma, a quote, a line break or leading/trailing spaces, quotes doubled.
 * Numbers are written as JavaScript prints them (shortest round-trip form); null/undefined as an empty field.
 */

export type CsvValue = string | number | boolean | null | undefined;

/** One field, quoted only when it must be. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`CSV: cannot write the number ${value} (a NaN or infinite figure is a bug upstream)`);
  }
  const s = String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header row and the data rows, each row as many fields as the header. */
export function toCsv(header: string[], rows: CsvValue[][]): string {
  rows.forEach((row, i) => {
    if (row.length !== header.length) throw new Error(`CSV: row ${i + 1} has ${row.length} fields, the header has ${header.length}`);
  });
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/** Objects to CSV with the given columns, in that order; a missing key is an empty field. */
export function objectsToCsv<T extends Record<string, CsvValue>>(columns: Array<keyof T & string>, objects: T[]): string {
  return toCsv(columns, objects.map((o) => columns.map((c) => o[c])));
}
