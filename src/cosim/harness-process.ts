import { spawn } from 'node:child_process';
import { UserError } from '../util/errors.ts';
import { readRecords, type RecordStreamOptions } from './record-stream.ts';

/**
 * Runs a Verilator harness (core or cluster) to its end: stdout read as retirement records when `records`
 * is given, the last stderr line parsed as the harness's JSON end report. A run stopped by a record
 * callback ends with `stoppedEnd()`; an `error` field, or a last line that is not JSON, is a UserError
 * naming `what` and the program.
 */
export function runHarness<E, R>(exe: string, args: string[], records: RecordStreamOptions<R> | undefined, what: string, fileName: string, stoppedEnd: () => E): Promise<E> {
  return new Promise<E>((resolve, reject) => {
    const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stopped = readRecords(child, records);
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (stopped()) return resolve(stoppedEnd());
      const line = err.trim().split('\n').pop() ?? '';
      try {
        const j = JSON.parse(line) as E & { error?: string };
        if (j.error) reject(new UserError(`${what}: ${j.error}`, fileName));
        else resolve(j);
      } catch {
        reject(new UserError(`${what} exited with code ${code}: ${err.trim()}`, fileName));
      }
    });
  });
}
