import type { Command } from 'commander';
import { registerDemo } from './demo.ts';

/** One line per sub-command file; each registers its command(s) on the program. */
export const commands: Array<(program: Command) => void> = [
  registerDemo,
];
