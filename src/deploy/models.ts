/**
 * Where the third-party example networks are (read-only, /work/shared/models or FLEXV_MODELS), and the
 * DORY archive unpacked into build/ on first use (never into the repository).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../util/errors.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const MODELS_DIR = process.env.FLEXV_MODELS ?? resolve(ROOT, '..', 'shared', 'models');

export const DEEPLOY_NETWORKS = ['ImageClassification', 'VisualWakeWords', 'KeywordSpotting', 'AnomalyDetection'] as const;
export const DORY_NETWORKS = ['dronet_2.0', 'Residual_connection_test_1'] as const;

export function deeployModel(name: string): string {
  return join(MODELS_DIR, 'deeploy-mlperf-tiny', name, 'network.onnx');
}

/** Unpacks dory-examples-nemo.tar.xz into build/models/dory once; returns the path of a network's ONNX file. */
export function doryModel(name: string): string {
  const dest = join(ROOT, 'build', 'models', 'dory');
  const archive = join(MODELS_DIR, 'dory-examples', 'dory-examples-nemo.tar.xz');
  if (!existsSync(join(dest, 'examples'))) {
    if (!existsSync(archive)) throw new UserError('DORY example archive not found', archive);
    const tmp = `${dest}.${process.pid}.tmp`;
    mkdirSync(tmp, { recursive: true });
    execFileSync('tar', ['-xJf', archive, '-C', tmp]);
    try {
      renameSync(tmp, dest);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another worker unpacked it first
    }
  }
  return join(dest, 'examples', 'Nemo_examples', '8-bits-2D', name, 'model_int.onnx');
}
