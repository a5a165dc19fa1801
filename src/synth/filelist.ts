import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../util/errors.ts';

/**
 * The SV files named by an emitted directory's `filelist.f`, as absolute paths, in file order
 * (dependencies first, as the emitter writes them). Blank lines and `//` or `#` comments are skipped;
 * tool options (`+incdir+`, `-f`, ...) are refused rather than silently ignored.
 */
export async function readFilelist(dir: string): Promise<string[]> {
  const path = join(dir, 'filelist.f');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(`no filelist.f in ${dir} (emit the design first)`, path);
  }
  const files: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\/\/.*$/, '').replace(/^\s*#.*$/, '').trim();
    if (!line) return;
    if (line.startsWith('+') || line.startsWith('-')) {
      throw new UserError(`unsupported filelist option '${line}' (only file names are read)`, `${path}:${i + 1}`);
    }
    files.push(isAbsolute(line) ? line : resolve(dir, line));
  });
  if (files.length === 0) throw new UserError('filelist.f names no files', path);
  return files;
}

/** Quotes a path for a Yosys script line (Yosys accepts double-quoted file names). */
export function yosysQuote(path: string): string {
  if (/["\n]/.test(path)) throw new UserError(`path cannot be passed to Yosys: ${JSON.stringify(path)}`);
  return `"${path}"`;
}
