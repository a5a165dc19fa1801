#!/usr/bin/env node
// Entry point of the `flexv` command. The sources are TypeScript run through tsx, so user designs
// (`flexv emit design.ts`) and the tool itself load the same way, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
