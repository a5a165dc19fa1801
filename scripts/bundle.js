// Start-up of the commands that scripts call thousands of times (`flexv run`, `asm`, `disasm`): after tsc
// (scripts/build.js), each of these command files in dist/ is replaced by one bundled file holding the
// modules it imports (the golden model, the ISA table, the assembler), so Node loads one module instead
// of ~50. Measured with `npm run bench -- cli` (docs/cli.md): the module loading was the largest part of
// `flexv run`'s start-up besides Node's own. Left as separate modules, shared with cli/main.js: util/errors.js
// (main recognises a UserError by its class). The source maps chain to the TypeScript sources.
// The other commands (HDL, Verilator, Yosys) stay unbundled: their cost is elsewhere, and the HDL's source
// locations come from their modules' own stack frames.
// esbuild comes with tsx (a dependency); without it the files stay unbundled: slower, same behaviour.
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The command files bundled, relative to dist/cli/commands. */
export const BUNDLED_COMMANDS = ['run.js', 'asm.js', 'disasm.js'];
/** Imports kept as separate modules: shared with cli/main.js. */
const SHARED = /(^|\/)util\/errors\.js$/;

async function loadEsbuild(root) {
  const req = createRequire(join(root, 'package.json'));
  // tsx depends on esbuild; resolve it from tsx so a non-hoisted install works too.
  for (const from of [() => createRequire(req.resolve('tsx/package.json')).resolve('esbuild'), () => req.resolve('esbuild')]) {
    try {
      return await import(pathToFileURL(from()).href);
    } catch {
      // next candidate
    }
  }
  return undefined;
}

/** Bundles the commands of BUNDLED_COMMANDS in `dist` in place. Returns the files bundled, or why not. */
export async function bundleCommands(root, dist) {
  const esbuild = await loadEsbuild(root);
  if (!esbuild) return { bundled: [], reason: 'esbuild (a dependency of tsx) not found' };
  for (const file of BUNDLED_COMMANDS) {
    const entry = join(dist, 'cli', 'commands', file);
    // A shared module stays an import, rewritten relative to the bundle (it replaces the entry in place).
    const shared = {
      name: 'flexv-shared-modules',
      setup(build) {
        build.onResolve({ filter: SHARED }, (args) => {
          const path = relative(dirname(entry), resolve(args.resolveDir, args.path)).split(sep).join('/');
          return { path: path.startsWith('.') ? path : `./${path}`, external: true };
        });
      },
    };
    await esbuild.build({
      // Module comments in the bundle (`// iss/hart.js`) relative to dist/, whatever its directory's name.
      absWorkingDir: dist,
      entryPoints: [entry],
      outfile: entry,
      allowOverwrite: true,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Packages (commander, execa) stay imports: only the project's own modules are inlined.
      packages: 'external',
      sourcemap: 'linked',
      plugins: [shared],
      logLevel: 'warning',
    });
  }
  return { bundled: BUNDLED_COMMANDS };
}
