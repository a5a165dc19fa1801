#!/usr/bin/env node
// Entry point of the `flexv` command. It runs the compiled tool in dist/ (built by `npm run build`, which
// `npm ci` runs as `prepare`): no TypeScript to transpile at start-up. When dist/ is missing or older than
// src/ (a developer edited a source since the last build), or FLEXV_FROM_SOURCE=1, it runs the TypeScript
// sources through tsx instead: slower to start, never stale. User designs (`flexv emit design.ts`) go
// through tsx either way (src/hdl/load-setup.ts).
import { distState } from '../scripts/dist-stamp.js';

const state = process.env.FLEXV_FROM_SOURCE === '1' ? { fresh: false } : distState();

if (state.fresh) {
  // Stack traces and HDL source locations (the `fifo.ts:42` of the emitted SV) in .ts lines.
  process.setSourceMapsEnabled(true);
  await import('../dist/cli/main.js');
} else {
  if (state.reason && process.stderr.isTTY) {
    console.error(`flexv: ${state.reason}: running the TypeScript sources (slower start; \`npm run build\` compiles them)`);
  }
  const { register } = await import('tsx/esm/api');
  register();
  const { enableDesignLoading } = await import('../src/hdl/load-setup.ts');
  await enableDesignLoading();
  await import('../src/cli/main.ts');
}
