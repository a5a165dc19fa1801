// `npm run bench -- deploy [--networks ImageClassification,dronet_2.0] [--configs baseline,xpulpnn,flexv] [--cores 8] [--run golden|rtl] [--bits '*:a8w8;conv:a4w4'] [--merge]`
// `--bits`: the precision policies to run, separated by ';' (default the 8-bit network only).
// Whole-network deployment (issue 18): every network of /work/shared/models through `flexv deploy`, per
// build, on the golden cluster model by default (cycles = the busiest core's instructions per layer, ideal
// memory) or on the RTL cluster (`--run rtl`). One row per run: {network, config, cores, bits, cycles,
// mac_per_cycle, bit_exact}; a network the flow refuses gets a row with `error` and bit_exact false.
// `--merge` keeps the rows of bench/results/deploy.json that this run does not measure (same network,
// config, cores, bits and run replaced), so RTL and golden rows can share the file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deploy } from '../src/deploy/flow.ts';
import { DEEPLOY_NETWORKS, DORY_NETWORKS, deeployModel, doryModel } from '../src/deploy/models.ts';
import type { Config } from '../src/isa/index.ts';

interface Row {
  network: string;
  config: Config;
  cores: number;
  bits: string;
  run: string;
  cycles: number | null;
  mac_per_cycle: number | null;
  bit_exact: boolean;
  macs?: number;
  l2_peak_bytes?: number;
  /** the --bits policy as given (bits: the per-layer form the report prints) */
  policy?: string;
  reference?: string;
  error?: string;
}

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}

export default async function bench(args: string[]): Promise<Row[]> {
  const all: string[] = [...DEEPLOY_NETWORKS, ...DORY_NETWORKS];
  const networks = option(args, 'networks', all.join(',')).split(',');
  for (const n of networks) if (!all.includes(n)) throw new Error(`unknown network ${n} (${all.join(', ')})`);
  const configs = option(args, 'configs', 'baseline,xpulpnn,flexv').split(',') as Config[];
  const cores = Number(option(args, 'cores', '8'));
  const run = option(args, 'run', 'golden') as 'golden' | 'rtl';
  const policies = option(args, 'bits', '*:a8w8').split(';');
  const rows: Row[] = [];
  const file = join(import.meta.dirname, 'results', 'deploy.json');
  const kept: Row[] = args.includes('--merge') && existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { figures: Row[] }).figures ?? []) : [];
  for (const network of networks) {
    const model = (DEEPLOY_NETWORKS as readonly string[]).includes(network) ? deeployModel(network) : doryModel(network);
    for (const bits of policies) {
      for (const config of configs) {
        try {
          const r = await deploy({ model, config, cores, run, bits });
          rows.push({ network, config, cores, bits: r.bits, run, cycles: r.cycles!, mac_per_cycle: r.mac_per_cycle!, bit_exact: r.bit_exact === true && (bits !== '*:a8w8' || r.import_check?.bit_exact !== false), macs: r.macs, l2_peak_bytes: r.l2_peak_bytes, policy: bits, reference: r.reference });
        } catch (e) {
          rows.push({ network, config, cores, bits, run, cycles: null, mac_per_cycle: null, bit_exact: false, policy: bits, error: (e as Error).message });
        }
        const x = rows[rows.length - 1]!;
        console.log(`${network.padEnd(27)} ${config.padEnd(8)} ${cores} cores ${run} ${bits}: ${x.error ? `refused: ${x.error}` : `${x.cycles} cycles, ${x.mac_per_cycle!.toFixed(2)} MAC/cycle, ${x.bit_exact ? 'bit-exact' : 'NOT bit-exact'}`}`);
      }
    }
  }
  const key = (r: Row) => `${r.network}|${r.config}|${r.cores}|${r.policy ?? r.bits}|${r.run}`;
  const fresh = new Set(rows.map(key));
  return [...kept.filter((r) => !fresh.has(key(r))), ...rows];
}
