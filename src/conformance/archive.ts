import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { UserError } from '../util/errors.ts';

/**
 * The PULP-NN-mixed sources (third-party, read-only, see its PROVENANCE.md) are unpacked at run time into
 * build/conformance/pulp-nn-mixed, never into the repository. The unpacked tree is keyed by the archive's
 * SHA-256, so a changed archive is unpacked afresh.
 */
const ROOT = resolve(import.meta.dirname, '../..');
/** The project's shared/ folder sits beside the checkout (as on every machine and in CI). */
export const ARCHIVE = process.env.FLEXV_PULP_NN_MIXED ?? resolve(ROOT, '..', 'shared', 'third_party', 'pulp-nn-mixed', 'pulp-nn-mixed-32bit-src.tar.xz');
export const CONFORMANCE_DIR = join(ROOT, 'build', 'conformance');

let unpacked: Promise<string> | undefined;

/** Unpacks the archive (once per content) and returns the directory holding XpulpV2/, XpulpNN/, XpulpNN-mixed/. */
export function ensureUnpacked(archive = ARCHIVE): Promise<string> {
  unpacked ??= (async () => {
    if (!existsSync(archive)) {
      throw new UserError(`the PULP-NN-mixed archive is missing (set FLEXV_PULP_NN_MIXED to its path)`, archive);
    }
    const hash = createHash('sha256').update(readFileSync(archive)).digest('hex').slice(0, 16);
    const dir = join(CONFORMANCE_DIR, `pulp-nn-mixed-${hash}`);
    if (existsSync(join(dir, '.complete'))) return dir;
    const tmp = `${dir}.${process.pid}.tmp`;
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true });
    const r = await execa('tar', ['-xJf', archive, '-C', tmp], { reject: false });
    if (r.exitCode !== 0) throw new UserError(`tar could not unpack the archive: ${r.stderr}`, archive);
    await writeFile(join(tmp, '.complete'), `${archive}\n`);
    try {
      await rename(tmp, dir);
    } catch (e) {
      // Another worker won the race: its copy is the same content.
      if (!existsSync(join(dir, '.complete'))) throw e;
      await rm(tmp, { recursive: true, force: true });
    }
    return dir;
  })();
  return unpacked;
}

/** The same, synchronously (a campaign plan counts the kernels before anything runs). */
export function ensureUnpackedSync(archive = ARCHIVE): string {
  if (!existsSync(archive)) throw new UserError(`the PULP-NN-mixed archive is missing (set FLEXV_PULP_NN_MIXED to its path)`, archive);
  const hash = createHash('sha256').update(readFileSync(archive)).digest('hex').slice(0, 16);
  const dir = join(CONFORMANCE_DIR, `pulp-nn-mixed-${hash}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    execFileSync('tar', ['-xJf', archive, '-C', tmp], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new UserError(`tar could not unpack the archive: ${(e as { stderr?: Buffer }).stderr?.toString() ?? e}`, archive);
  }
  writeFileSync(join(tmp, '.complete'), `${archive}\n`);
  try {
    renameSync(tmp, dir);
  } catch (e) {
    if (!existsSync(join(dir, '.complete'))) throw e;
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}
