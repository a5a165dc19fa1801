import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Command, Help } from 'commander';

/**
 * Which sub-commands `flexv` registers for one call. From the TypeScript sources every command file is
 * imported (commands/index.ts, as before). The compiled copy (dist/) imports only the file of the command
 * named on the command line, so `flexv run` does not load the HDL, Verilator or Yosys code and `flexv
 * --help` loads none of them: `npm run build` writes a manifest (commands.json beside this file) with each
 * command's file and the two columns of the help listing, and help and "unknown command" are answered from
 * it with identical text.
 */

export interface ManifestEntry {
  /** Command name and aliases, as typed. */
  name: string;
  aliases: string[];
  /** The command file (relative to commands/) and the function registering it. */
  file: string;
  register: string;
  /** The help listing's two columns: `emit [options] <design>` and the description. */
  term: string;
  description: string;
}

const MANIFEST = new URL('./commands.json', import.meta.url);
const COMPILED = import.meta.url.endsWith('.js');

/** Registers the command(s) this call needs on `program`; `args` are the arguments after `flexv`. */
export async function registerCommands(program: Command, args: string[]): Promise<void> {
  if (!COMPILED) {
    const { commands } = await import('./commands/index.ts');
    for (const register of commands) register(program);
    return;
  }
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as ManifestEntry[];
  // `flexv <command> ...` and `flexv help <command>` need that command; anything else needs the listing.
  const named = args[0] === 'help' ? args[1] : args[0];
  const entry = manifest.find((e) => e.name === named || e.aliases.includes(named ?? ''));
  if (entry) {
    const mod = (await import(`./commands/${entry.file}`)) as Record<string, (p: Command) => void>;
    mod[entry.register]!(program);
    return;
  }
  for (const e of manifest) program.command(e.name).aliases(e.aliases).description(e.description);
  const byName = new Map(manifest.map((e) => [e.name, e]));
  const base = new Help();
  program.configureHelp({
    subcommandTerm: (cmd) => byName.get(cmd.name())?.term ?? base.subcommandTerm(cmd),
    subcommandDescription: (cmd) => byName.get(cmd.name())?.description ?? base.subcommandDescription(cmd),
  });
}

/**
 * Writes the manifest of the compiled commands (scripts/build.js calls the dist/ copy): for each register
 * function of commands/index.ts, in its order, the file exporting it and the commands it adds.
 */
export async function writeManifest(): Promise<ManifestEntry[]> {
  const files = readdirSync(new URL('./commands/', import.meta.url)).filter((f) => f.endsWith('.js')).sort();
  const { commands } = (await import('./commands/index.ts')) as { commands: Array<(p: Command) => void> };
  const exporters = new Map<unknown, { file: string; register: string }>();
  for (const file of files) {
    const mod = (await import(`./commands/${file}`)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (typeof value === 'function') exporters.set(value, { file, register: name });
  }
  const manifest: ManifestEntry[] = [];
  for (const register of commands) {
    const where = exporters.get(register);
    if (!where) throw new Error(`a function of commands/index.ts (${register.name}) is not exported by any file of commands/`);
    const probe = new Command('flexv');
    register(probe);
    const help = probe.createHelp();
    for (const cmd of probe.commands) {
      manifest.push({ name: cmd.name(), aliases: cmd.aliases(), ...where, term: help.subcommandTerm(cmd), description: help.subcommandDescription(cmd) });
    }
  }
  writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
