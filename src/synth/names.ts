/**
 * Yosys identifiers as flexv shows them. Public names lose their leading `\`; parameterized module
 * copies (`$paramod$<hash>\fifo`, `$paramod\fifo\DEPTH=s32'...`) read as `fifo#<hash>` / `fifo(DEPTH=..)`.
 */
export function displayName(id: string): string {
  const name = id.startsWith('\\') ? id.slice(1) : id;
  const hashed = /^\$paramod\$([0-9a-f]+)\\(.+)$/.exec(name);
  if (hashed) return `${hashed[2]}#${hashed[1]!.slice(0, 8)}`;
  const spelled = /^\$paramod\\([^\\]+)\\(.+)$/.exec(name);
  if (spelled) return `${spelled[1]}(${spelled[2]!.split('\\').join(',')})`;
  return name;
}

/** Internal form used as a key: the id without the leading `\` that public RTLIL names carry. */
export function moduleKey(id: string): string {
  return id.startsWith('\\') ? id.slice(1) : id;
}

/**
 * A Yosys selection pattern matching exactly this one name: characters that are special in selection
 * patterns (`\ * ? [ ] /` and spaces) become `?`, which matches any one character.
 */
export function selectionPattern(key: string): string {
  return key.replace(/[\\*?[\]/\s]/g, '?');
}
