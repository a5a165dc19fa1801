import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { yosysQuote } from './filelist.ts';

/** Where the SDC template and the Yosys scripts live: `constraints/` at the repository root. */
export const CONSTRAINTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'constraints');

/** A template parameter: text as is, or a list of paths (quoted, space-separated). */
export type TemplateValue = string | number | string[];

/**
 * Fills the `{{NAME}}` parameters of a template from `constraints/`. Every parameter written in the
 * template must be given and every given one must be used, so a renamed parameter fails loudly here
 * instead of reaching Yosys as literal braces.
 */
export async function renderScript(name: string, params: Record<string, TemplateValue>): Promise<string> {
  const template = await readFile(join(CONSTRAINTS_DIR, name), 'utf8');
  return fillTemplate(template, params, name);
}

export function fillTemplate(template: string, params: Record<string, TemplateValue>, name: string): string {
  const used = new Set<string>();
  const fill = (line: string) =>
    line.replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => {
      const value = params[key];
      if (value === undefined) throw new Error(`template ${name}: no value for {{${key}}}`);
      used.add(key);
      return Array.isArray(value) ? value.map(yosysQuote).join(' ') : String(value);
    });
  const text = fill(template);
  const unused = Object.keys(params).filter((k) => !used.has(k));
  if (unused.length) throw new Error(`template ${name}: parameters not in the template: ${unused.join(', ')}`);
  return text;
}
