import { instructionById } from './src/isa/index.ts';
for (const id of ['lp.starti','lp.endi','lp.count','lp.counti','lp.setup','lp.setupi']) {
  const d = instructionById(id)!;
  console.log(id, d.syntax, d.operands.map((o) => `${o.name}:${o.kind}[${o.pieces.map((p) => `${p.hi}:${p.lo}@${p.at}`).join(',')}]`).join(' '), d.reads, d.writesRd);
}
