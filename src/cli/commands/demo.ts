import type { Command } from 'commander';

/** `flexv demo`: the README's main job. Grows as the core and cluster land. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the main job: generate, lint and simulate what flexv has so far, and print the result')
    .action(async () => {
      console.log('flexv demo: nothing to run yet');
    });
}
