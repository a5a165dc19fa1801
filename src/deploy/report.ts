/** Text form of a deployment report: one line per layer and the whole-network figures. */
import type { DeployReport } from './flow.ts';

const k = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : String(n));

export function formatReport(r: DeployReport): string {
  const lines: string[] = [];
  lines.push(`${r.network}: ${r.layers.length} layers (${r.conventions.join(', ')} requantization), ${k(r.macs)} MACs, bits ${r.bits}`);
  for (const s of r.saturated ?? []) lines.push(`saturated as the reference deployment does (DORY / PULP-NN add: clip8): ${s}`);
  if (r.host_tail.length) lines.push(`left to the host after the integer output: ${r.host_tail.join(', ')}`);
  if (r.import_check) {
    const c = r.import_check;
    lines.push(
      `import: TS execution vs the model's reference data: ${c.layers_matched}/${c.layers} layers equal${c.bit_exact ? '' : `, first mismatch at layer ${c.first_mismatch?.index}`} (${c.references_matched}/${c.references} reference tensors matched)`,
    );
  }
  lines.push(`expected activations: ${r.reference}`);
  const head = ['#', 'op', 'shape', 'MACs', 'tile', 'tiles', 'DMA B', 'L1 B', 'est', 'cycles', 'MAC/cyc', 'exact'];
  const rows = r.layers.map((l) => [
    String(l.index), l.op, l.shape.join('x'), k(l.macs), `${l.tile.rows}x${l.tile.channels}`, String(l.tiles), String(l.dma_bytes), String(l.tcdm_bytes), k(l.est_cycles),
    l.cycles === undefined ? '-' : k(l.cycles), l.mac_per_cycle === undefined ? '-' : l.mac_per_cycle.toFixed(2),
    l.bit_exact === undefined ? '-' : l.bit_exact ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => row.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  lines.push(fmt(head), ...rows.map(fmt));
  lines.push('tile = output rows x channels per tile (exhaustive search, docs/deploy.md); L1 B = the layer\'s TCDM buffers; est = the cost model\'s cycles');
  lines.push(`L2: peak ${k(r.l2_peak_bytes)}B (arena ${k(r.l2_arena_bytes)}B with reuse, ${k(r.l2_without_reuse_bytes)}B without), TCDM ${k(r.tcdm_bytes)}B`);
  if (r.cycles !== undefined) {
    lines.push(`${r.run} ${r.config} ${r.cores} cores: ${r.cycles} cycles, ${r.mac_per_cycle!.toFixed(2)} MAC/cycle, ${r.bit_exact ? 'bit-exact at every layer' : 'NOT bit-exact'}`);
    if (r.first_mismatch?.first) {
      const f = r.first_mismatch;
      lines.push(`first mismatch: layer ${f.index} '${f.output}', ${f.differing} elements differ; first at (y ${f.first!.y}, x ${f.first!.x}, c ${f.first!.c}): expected ${f.first!.expected}, got ${f.first!.got}`);
    }
  }
  return lines.join('\n');
}
