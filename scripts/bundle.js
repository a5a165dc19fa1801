// Start-up of the commands that scripts call thousands of times (`flexv run`, `asm`, `disasm`): after tsc
// (scripts/build.js), each of these command files in dist/ is replaced by one bundled file holding the
// modules it imports (the golden model, the ISA table, the assembler), so Node loads one module instead
// of ~50; so is the CLI shell that every call loads (cli/main.js with the registry and commander, ~10
// files). Measured with `npm run bench -- cli` (docs/cli.md): the module loading was the largest part of
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

/** One bundle replacing `entry` in place; `external` imports stay imports, rewritten relative to it. */
async function bundleInPlace(esbuild, dist, entry, external, options = {}) {
  const keep = {
    name: 'flexv-separate-modules',
    setup(build) {
      build.onResolve({ filter: external }, (args) => {
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
    sourcemap: 'linked',
    plugins: [keep],
    logLevel: 'warning',
    ...options,
  });
}

/**
 * Bundles, in `dist` in place, the CLI shell (cli/main.js with the registry and commander; the command
 * files stay separate, loaded by name) and the commands of BUNDLED_COMMANDS (their own modules; packages
 * stay imports). Returns the files bundled, or why not.
 */
export async function bundleCommands(root, dist) {
  const esbuild = await loadEsbuild(root);
  if (!esbuild) return { bundled: [], reason: 'esbuild (a dependency of tsx) not found' };
  // commander is CommonJS: inside an ES module bundle its require() of Node's modules needs a require.
  await bundleInPlace(esbuild, dist, join(dist, 'cli', 'main.js'), new RegExp(`${SHARED.source}|^\\./commands/`), {
    banner: { js: "import { createRequire as __flexvCreateRequire } from 'node:module';\nconst require = __flexvCreateRequire(import.meta.url);" },
  });
  for (const file of BUNDLED_COMMANDS) {
    await bundleInPlace(esbuild, dist, join(dist, 'cli', 'commands', file), SHARED, { packages: 'external' });
  }
  return { bundled: ['main.js', ...BUNDLED_COMMANDS] };
}
