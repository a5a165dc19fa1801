import type { Command } from 'commander';
import { checkPrefix, DEFAULT_PREFIX, elaborate, emit, formatDiagnostic, writeEmit } from '../../hdl/index.ts';
import { loadDesign, parseParams } from '../../hdl/load.ts';

/** `flexv emit <design.ts> --out <dir>`: elaborate a TypeScript design and write its SystemVerilog. */
export function registerEmit(program: Command): void {
  program
    .command('emit')
    .description('elaborate a TypeScript design (default export: a module) and write SystemVerilog + filelist.f')
    .argument('<design>', 'TypeScript file whose default export is a module generator')
    .requiredOption('--out <dir>', 'output directory (created if needed)')
    .option('--param <name=value>', 'generator parameter (repeatable); numbers and true/false are parsed', collect, [])
    .option('--top <name>', 'SystemVerilog name of the top module')
    .option('--prefix <prefix>', 'put before every module name', DEFAULT_PREFIX)
    .action(async (file: string, opts: { out: string; param: string[]; top?: string; prefix: string }) => {
      const prefix = checkPrefix(opts.prefix);
      const { gen, params } = await loadDesign(file, parseParams(opts.param));
      const result = emit(elaborate(gen, params), { top: opts.top, prefix });
      await writeEmit(result, opts.out);
      for (const w of result.warnings) console.error(formatDiagnostic(w));
      console.log(`${opts.out}: ${result.files.length} module(s), top '${result.top}' (${result.files.map((f) => f.name).join(', ')})`);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
