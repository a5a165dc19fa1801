import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { HdlError } from '../../src/hdl/index.ts';

/** `test/hdl/x.test.ts:LINE` of the line holding `// @marker` in the given test file. */
export function lineOf(fileUrl: string, marker: string): string {
  const path = fileURLToPath(fileUrl);
  const lines = readFileSync(path, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(`// @${marker}`));
  if (i < 0) throw new Error(`marker @${marker} not found in ${path}`);
  return `${relative(process.cwd(), path)}:${i + 1}`;
}

/** Runs `fn`, expects an HdlError whose message matches and whose location is the marked line. */
export function expectHdlError(fn: () => unknown, message: RegExp | string, fileUrl: string, marker: string): HdlError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected an HdlError').toBeInstanceOf(HdlError);
  const err = caught as HdlError;
  if (typeof message === 'string') expect(err.message).toContain(message);
  else expect(err.message).toMatch(message);
  expect(err.location).toMatch(new RegExp(`^${lineOf(fileUrl, marker).replace(/[.]/g, '\\.')}:\\d+$`));
  // what the CLI prints
  expect(err.format()).toBe(`${err.location}: error: ${err.message}`);
  return err;
}
