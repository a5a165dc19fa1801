import type { ClusterRunEnd } from './run.ts';

/** The per-core table `flexv sim/cosim --target cluster` print: instructions, stalls, sleep, TCDM traffic. */
export function formatClusterRun(end: ClusterRunEnd): string {
  const total = end.instret.reduce((a, b) => a + b, 0);
  const rate = end.seconds > 0 ? `, ${(end.cycles / end.seconds / 1e3).toFixed(0)} k cycles/s` : '';
  const head = ['core', 'instructions', 'IPC', 'stall cycles', 'sleep cycles', 'TCDM accesses', 'conflicts'];
  const rows = end.instret.map((n, i) => [
    String(i), String(n), (end.cycles ? n / end.cycles : 0).toFixed(3), String(end.stallCycles[i]), String(end.sleepCycles[i]),
    String(end.tcdmRequests[i]), String(end.tcdmConflicts[i]),
  ]);
  rows.push(['dma', '-', '-', String(end.dma.stalls), '-', String(end.dma.requests), String(end.dma.conflicts)]);
  const width = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(width[c]!) : v.padStart(width[c]!))).join('  ');
  const conflicts = end.tcdmConflicts.reduce((a, b) => a + b, 0) + end.dma.conflicts;
  return [
    `cycles ${end.cycles}, ${end.instret.length} cores, ${total} instructions, ${conflicts} TCDM conflicts${rate}`,
    line(head),
    ...rows.map(line),
  ].join('\n');
}
