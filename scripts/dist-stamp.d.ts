// Types of dist-stamp.js (plain JS: it runs before anything can transpile TypeScript).
export const ROOT: string;
export const STAMP: string;
export interface SourceState {
  files: number;
  newestMs: number;
  newest: string;
  /** Content hash per file (relative path), with `{ hashes: true }`. */
  hashes?: Record<string, string>;
}
export function sourceState(root?: string, options?: { hashes?: boolean }): SourceState;
export function contentHash(path: string): string;
export type DistState = { fresh: true; reason?: undefined } | { fresh: false; reason: string };
export function distState(root?: string): DistState;
