import { Command, CommanderError } from 'commander';
import { UserError } from '../util/errors.ts';
import { registerCommands } from './registry.ts';

/**
 * `flexv` command line. Each sub-command lives in its own file under `commands/` and registers itself
 * through `commands/index.ts` (registry.ts loads only the one a call needs); this file only wires them up
 * and turns errors into messages.
 */
const program = new Command('flexv')
  .description('Describe, generate, verify and measure the Flex-V mixed-precision RISC-V cluster')
  .showHelpAfterError()
  .exitOverride();

await registerCommands(program, process.argv.slice(2));

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.exitCode = reportError(e);
}

function reportError(e: unknown): number {
  if (e instanceof CommanderError) {
    // commander has already printed its message (unknown option, missing argument, --help).
    return e.exitCode;
  }
  if (e instanceof UserError) {
    console.error(e.format());
    return e.exitCode;
  }
  // A bug of flexv itself: keep the stack, it is for us.
  console.error(e);
  return 70;
}
