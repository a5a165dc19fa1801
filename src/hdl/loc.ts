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
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAMES;
  Error.captureStackTrace(holder, here);
  Error.stackTraceLimit = limit;
  return new Loc(holder);
}

export const NO_LOC = new Loc(null);
