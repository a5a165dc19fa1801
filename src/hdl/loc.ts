import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Source locations of builder calls. Every IR node keeps one, so capture must be cheap: we let V8 record
 * a few structured frames (a couple of microseconds) and only format them when a message needs them.
 */
export class Loc {
  private text?: string;
  private file?: string;
  private abs?: string;
  private line?: number;
  constructor(private readonly holder: { stack?: string } | null) {}

  /** `path/to/design.ts:42:7`, relative to the working directory; `<unknown>` when no user frame was seen. */
  toString(): string {
    if (this.text === undefined) this.resolve();
    return this.text!;
  }

  /** `design.ts:42`, the short form used in trailing comments of the emitted SV. */
  short(): string {
    if (this.text === undefined) this.resolve();
    return this.file ? `${this.file.split('/').pop()}:${this.line}` : '';
  }

  /**
   * `core/parts/lsu.ts:25`: the path below `src/` for the toolkit's own generators, below the
   * repository for its other files (`examples/hdl/fifo.ts:12`), else the file name; the same text
   * whatever the working directory, for the trailing comments of the emitted SV.
   */
  source(): string {
    if (this.text === undefined) this.resolve();
    if (!this.abs) return '';
    const path = this.abs.startsWith(SRC_DIR)
      ? this.abs.slice(SRC_DIR.length)
      : this.abs.startsWith(REPO_DIR)
        ? this.abs.slice(REPO_DIR.length)
        : this.abs.split('/').pop()!;
    return `${path.split(sep).join('/')}:${this.line}`;
  }

  /** The user's file, relative to the working directory (empty when unknown). */
  fileName(): string {
    if (this.text === undefined) this.resolve();
    return this.file ?? '';
  }

  /** A location given as text (see `atSource`): `source()` prints it as given. */
  setFixed(path: string, line: number): void {
    this.abs = `${SRC_DIR}${path}`;
    this.file = path;
    this.line = line;
    this.text = `${path}:${line}`;
  }

  private resolve(): void {
    const frames = (this.holder?.stack ?? '').split('\n').slice(1);
    for (const frame of frames) {
      const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?\s*$/.exec(frame);
      if (!m) continue;
      let path = m[1]!;
      if (path.startsWith('file://')) path = fileURLToPath(path);
      if (isInternal(path)) continue;
      this.abs = path;
      const rel = relative(process.cwd(), path).split(sep).join('/');
      this.file = rel.startsWith('..') ? path : rel;
      this.line = Number(m[2]);
      this.text = `${this.file}:${m[2]}:${m[3]}`;
      return;
    }
    this.text = '<unknown>';
  }
}

const HDL_DIR = fileURLToPath(new URL('.', import.meta.url));
// The compiled copy (dist/hdl/) runs with source maps: its frames read as src/hdl/ lines.
const HDL_SOURCE_DIR = HDL_DIR.replace(/([/\\])dist([/\\])hdl([/\\])$/, '$1src$2hdl$3');

/** `<repo>/src/` and `<repo>/`: where source comments are taken relative to. */
const SRC_DIR = HDL_SOURCE_DIR.replace(/hdl[/\\]$/, '');
const REPO_DIR = SRC_DIR.replace(/src[/\\]$/, '');

/** Frames inside src/hdl (the builder itself), node internals and tooling are not the user's. */
function isInternal(path: string): boolean {
  return (
    path.startsWith(HDL_DIR) ||
    path.startsWith(HDL_SOURCE_DIR) ||
    path.startsWith('node:') ||
    path.includes('/node_modules/') ||
    !path.startsWith('/')
  );
}

/** How many frames to record: the builder's own depth plus a margin. More frames cost more time. */
const FRAMES = 5;

/** Records where the user called the builder. Cheap: formatting happens only if the location is printed. */
export function here(): Loc {
  if (fixed) return fixed;
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAMES;
  Error.captureStackTrace(holder, here);
  Error.stackTraceLimit = limit;
  return new Loc(holder);
}

export const NO_LOC = new Loc(null);

/** While set, every builder call is recorded at this location (see `atSource`). */
let fixed: Loc | null = null;

/**
 * Builds with `fn` as if the user's code were at `source` (`core/parts/int-alu.ts:29`): for generators
 * that build hardware on behalf of another call, such as the decoder for a part's `decode.add`, so the
 * emitted comment points at the line that chose the hardware.
 */
export function atSource<T>(source: string, fn: () => T): T {
  const m = /^(.*):(\d+)$/.exec(source);
  if (!m) return fn();
  const loc = new Loc(null);
  loc.setFixed(m[1]!, Number(m[2]));
  const prev = fixed;
  fixed = loc;
  try {
    return fn();
  } finally {
    fixed = prev;
  }
}

/**
 * Where the code that called into `file` (a module URL, `import.meta.url`) is: the first stack frame
 * outside src/hdl and outside `file`, as `source()` prints it (`core/parts/int-alu.ts:29`).
 */
export function callerSource(file: string): string {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAMES + 4;
  Error.captureStackTrace(holder, callerSource);
  Error.stackTraceLimit = limit;
  const path = file.startsWith('file://') ? fileURLToPath(file) : file;
  // the compiled copy (dist/**/*.js) runs with source maps: its frames name the src/**/*.ts file
  const source = path.replace(/([/\\])dist([/\\])(.*)\.js$/, '$1src$2$3.ts');
  const lines = (holder.stack ?? '').split('\n');
  const kept = [lines[0], ...lines.slice(1).filter((l) => !l.includes(path) && !l.includes(source) && !l.includes(file))].join('\n');
  return new Loc({ stack: kept }).source();
}
