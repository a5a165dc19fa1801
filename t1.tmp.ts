import { instructionById, instructionsFor } from './src/isa/index.ts';
const ids = instructionsFor('baseline').filter((d) => d.ext === 'xpulpv2' && d.sem.startsWith('simd')).map((d) => d.id);
console.log(ids.filter((i) => !/^pv\.([a-z]+)(?:\.(sc|sci))?\.([hb])$/.test(i) && !/^pv\.(s?)dot(up|usp|sp)\.([hb])(?:\.(sc|sci))?$/.test(i)).join(' '));
for (const id of ['pv.add.sci.h', 'pv.add.sc.b', 'pv.srl.sci.b', 'pv.extract.h', 'pv.insert.b', 'pv.shuffle.h.sci', 'pv.shufflei2.b.sci', 'pv.sdotsp.b.sci', 'pv.abs.h', 'pv.cmpeq.sci.h']) {
  const d = instructionById(id)!;
  console.log(id, d.syntax, d.operands.map((o) => `${o.name}:${o.kind}${o.signed?'s':''}[${o.pieces.map((p) => `${p.hi}:${p.lo}@${p.at}`).join(',')}]`).join(' '), d.reads);
}
