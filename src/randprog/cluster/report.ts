import type { BuiltClusterProgram } from './build.ts';

/** The text `flexv randprog --cores N` prints: what the program does and what the golden cluster did. */
export function formatClusterProgram(p: BuiltClusterProgram): string {
  const f = p.facts;
  const hex = (v: number) => '0x' + (v >>> 0).toString(16).padStart(8, '0');
  const lines = [
    `${f.cores} harts, ${f.phases} phases, ${f.barriers} barriers (${f.splitBarriers} hart arrivals by trigger + event wait), ${f.eventRounds} software-event rounds`,
    `DMA: ${f.dma.in} into the TCDM, ${f.dma.out} to L2, ${f.dma.twoD} of them 2D; waits: ${f.dma.waits.status} STATUS polls, ${f.dma.waits.count} DONE_COUNT polls, ${f.dma.waits.event} event sleeps`,
    `cycle-counter reads: ${f.counterReads}; loads of other harts' rows and DMA destinations: ${f.crossReads.reduce((a, b) => a + b, 0)}`,
    'golden cluster (EOC 0 under every calibration quantum):',
    ...p.expected.map((v, h) => `  hart ${String(h).padStart(2)}: ${String(p.instructions[h]).padStart(7)} instructions, checksum ${hex(v)}`),
  ];
  return lines.join('\n');
}
