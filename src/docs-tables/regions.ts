import { UserError } from '../util/errors.ts';

/**
 * A generated table inside a docs page:
 *
 *   <!-- table: <id> -->
 *   ...rendered from bench/reference/<benchmark>.json...
 *   <!-- /table -->
 *
 * Everything between the two markers belongs to the generator; the text around them is the author's.
 */
export interface Region {
  id: string;
  /** 1-based line of the opening marker, for messages. */
  line: number;
  /** Offsets of the generated text (between the markers' lines) in the page. */
  start: number;
  end: number;
  body: string;
}

const OPEN = /^<!-- table: ([a-z0-9][a-z0-9-]*) -->$/;
const CLOSE = '<!-- /table -->';

export function findRegions(text: string, file: string): Region[] {
  const regions: Region[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let open: { id: string; line: number; start: number } | undefined;
  lines.forEach((l, i) => {
    const next = offset + l.length + 1;
    const m = OPEN.exec(l.trim());
    if (m) {
      if (open) throw new UserError(`${file}:${i + 1}: table '${m[1]}' opens inside table '${open.id}' (line ${open.line}), which has no '${CLOSE}'`);
      open = { id: m[1]!, line: i + 1, start: next };
    } else if (l.trim() === CLOSE) {
      if (!open) throw new UserError(`${file}:${i + 1}: '${CLOSE}' without an opening '<!-- table: <id> -->'`);
      regions.push({ id: open.id, line: open.line, start: open.start, end: offset, body: text.slice(open.start, offset) });
      open = undefined;
    } else if (l.trimStart().startsWith('<!-- table')) {
      throw new UserError(`${file}:${i + 1}: malformed table marker '${l.trim()}' (expected '<!-- table: <id> -->', ids in lower case and dashes)`);
    }
    offset = next;
  });
  if (open) throw new UserError(`${file}:${open.line}: table '${open.id}' has no closing '${CLOSE}'`);
  return regions;
}

/** The page with each region's body replaced by `render(region)` (a body ends with a newline). */
export function replaceRegions(text: string, regions: Region[], render: (r: Region) => string): string {
  let out = '';
  let at = 0;
  for (const r of regions) {
    const body = render(r);
    out += text.slice(at, r.start) + (body.endsWith('\n') ? body : `${body}\n`);
    at = r.end;
  }
  return out + text.slice(at);
}
