import { BUILDS } from '../../kernels/formats.ts';
import { grouped, markdownTable } from '../markdown.ts';
import type { TableDef } from '../table-def.ts';

/** A row of bench/deploy.ts (bench/results/deploy.json). */
interface DeployRow {
  network: string;
  config: string;
  cores: number;
  bits: string;
  policy?: string;
  run: 'golden' | 'rtl';
  cycles: number | null;
  mac_per_cycle: number | null;
  bit_exact: boolean;
  macs?: number;
  error?: string;
}

const policyOf = (r: DeployRow) => r.policy ?? r.bits;
const kilo = (n: number) => `${grouped(Math.round(n / 1000))} k`;

/** RTL rows: one line per network, policy and build, with flexv's speed-up over baseline. */
function rtlTable(raw: unknown): string {
  const rows = (raw as DeployRow[]).filter((r) => r.run === 'rtl');
  const body: string[][] = [];
  // networks in order of appearance, each one's 8-bit rows before its mixed policies
  const nets = [...new Set(rows.map((r) => r.network))];
  const order = (r: DeployRow) => 2 * nets.indexOf(r.network) + (policyOf(r) === '*:a8w8' ? 0 : 1);
  const keys = [...new Set([...rows].sort((a, b) => order(a) - order(b)).map((r) => `${r.network}|${policyOf(r)}|${r.cores}`))];
  for (const key of keys) {
    const of = (b: string) => rows.find((r) => `${r.network}|${policyOf(r)}|${r.cores}` === key && r.config === b);
    const base = of('baseline');
    for (const b of BUILDS) {
      const r = of(b);
      if (!r) continue;
      const speedup = base?.cycles && r.cycles ? `${(base.cycles / r.cycles).toFixed(2)}×` : '';
      body.push([r.network, `\`${policyOf(r)}\``, String(r.cores), b, r.cycles === null ? '-' : grouped(r.cycles), r.mac_per_cycle === null ? '-' : r.mac_per_cycle.toFixed(2), speedup, r.bit_exact ? 'every layer' : (r.error ?? 'no')]);
    }
  }
  return markdownTable(['network', 'bits', 'cores', 'build', 'cycles', 'MAC/cycle', 'vs baseline', 'bit-exact'], body, [false, false, true, false, true, true, true, false]);
}

/** Golden rows at 8 bits: MAC per instruction of the busiest core (and its instruction count) per build. */
function goldenTable(raw: unknown): string {
  const rows = (raw as DeployRow[]).filter((r) => r.run === 'golden' && policyOf(r) === '*:a8w8');
  const networks = [...new Set(rows.map((r) => r.network))];
  const body = networks.map((n) => {
    const of = (b: string) => rows.find((r) => r.network === n && r.config === b);
    const any = rows.find((r) => r.network === n)!;
    if (any.error) return [n, '—', `refused: ${any.error}`, '', ''];
    const cell = (b: string) => {
      const r = of(b);
      if (!r || r.cycles === null || r.mac_per_cycle === null) return '-';
      return `${r.mac_per_cycle.toFixed(2)} (${kilo(r.cycles)})${r.bit_exact ? '' : ', not bit-exact'}`;
    };
    return [n, any.macs ? `${(any.macs / 1e6).toFixed(2)} M` : '-', ...BUILDS.map(cell)];
  });
  return markdownTable(['network', 'MACs', 'baseline: MAC/instr. (instr.)', 'xpulpnn', 'flexv'], body, [false, true, false, false, false]);
}

export const deployTables: TableDef[] = [
  {
    id: 'deploy-rtl',
    benchmark: 'deploy',
    command:
      "npm run bench -- deploy --run rtl --merge; mixed rows: the same with --networks ImageClassification,VisualWakeWords,KeywordSpotting --bits 'conv:a4w4,conv3:a4w2', and --networks AnomalyDetection --bits 'gemm:a4w4' (rows measured on another commit than this file's name it in bench/reference/deploy.json)",
    render: rtlTable,
  },
  { id: 'deploy-golden', benchmark: 'deploy', command: 'npm run bench -- deploy --merge', render: goldenTable },
];
