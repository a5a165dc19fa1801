import type { BatchInputs } from '../../sim/simulator.ts';
import { TCDM_BASE } from '../../platform/memory-map.ts';
import { column, unreached, type BlockCheck, type ReferenceModel, type Row } from '../../sim/verify/check.ts';
import { applyByteEnables } from '../obi.ts';
import { tcdm } from '../tcdm.ts';
import { dontCareKey, outPort, requestFromRow, requestPorts, requestToRow, responsePorts, responseToRow } from './ports.ts';
import { TcdmModel, type TcdmShape } from './tcdm-model.ts';
import { TrafficMaster } from './traffic.ts';

const counterPort = (name: string, i: number) => `${name}_${i}_o`;

/**
 * The model behind the compared ports. Counters are registers: the value shown in cycle c counts cycles
 * 0..c-1, so they are read before the model's cycle.
 */
class TcdmReference implements ReferenceModel {
  private readonly model: TcdmModel;
  constructor(private readonly shape: TcdmShape) {
    this.model = new TcdmModel(shape);
  }
  cycle(inputs: Row): Row {
    const out: Row = {};
    this.model.counters.forEach((c, i) => {
      out[counterPort('requests', i)] = BigInt(c.requests);
      out[counterPort('conflicts', i)] = BigInt(c.conflicts);
      out[counterPort('stalls', i)] = BigInt(c.stalls);
    });
    const reqs = Array.from({ length: this.shape.masters }, (_, i) => requestFromRow(inputs, 'master', i));
    this.model.cycle(reqs).forEach((r, i) => {
      responseToRow(out, 'master_rsp', i, r);
      if (!r.rdataDefined) out[dontCareKey(outPort('master_rsp', i, 'rdata'))] = 1n;
    });
    return out;
  }
}

export type TrafficPattern = 'random' | 'hotspot';

/**
 * Properties of the RTL's own outputs, independent of the reference's arbitration: each grant gets exactly
 * one response in the next cycle and no response comes without a grant; a held request is granted within
 * `masters` cycles (no starvation); every read returns what the last granted writes (in the RTL's own
 * grant order) left in that word.
 */
export function tcdmProperties(shape: TcdmShape) {
  return (inputs: Row[], outputs: Row[]): string[] => {
    const problems: string[] = [];
    const total = shape.banks * shape.bankWords;
    const mem = new Uint32Array(total);
    const defined = new Uint8Array(total);
    const n = shape.masters;
    const waiting = new Array<number>(n).fill(0);
    const expectRvalid = new Array<boolean>(n).fill(false);
    const pendingRead = new Array<number | undefined>(n).fill(undefined);
    for (let c = 0; c < inputs.length && problems.length < 5; c++) {
      const o = outputs[c]!;
      const reqs = Array.from({ length: n }, (_, i) => requestFromRow(inputs[c]!, 'master', i));
      const gnts = reqs.map((_, i) => o[outPort('master_rsp', i, 'gnt')] === 1n);
      for (let i = 0; i < n; i++) {
        const rvalid = o[outPort('master_rsp', i, 'rvalid')] === 1n;
        if (c > 0 && rvalid !== expectRvalid[i]) problems.push(`master ${i} cycle ${c}: rvalid ${rvalid} but the previous cycle's gnt was ${expectRvalid[i]}`);
        const w = pendingRead[i];
        if (rvalid && w !== undefined && defined[w] === 0xf) {
          const got = Number(o[outPort('master_rsp', i, 'rdata')]!) >>> 0;
          if (got !== mem[w]) problems.push(`master ${i} cycle ${c}: read of word ${w} returned 0x${got.toString(16)}, last written 0x${mem[w]!.toString(16)}`);
        }
        const r = reqs[i]!;
        if (gnts[i] && !r.req) problems.push(`master ${i} cycle ${c}: gnt without req`);
        waiting[i] = r.req && !gnts[i] ? waiting[i]! + 1 : 0;
        if (waiting[i]! >= n) problems.push(`master ${i} starves: ${waiting[i]} cycles without a grant by cycle ${c}`);
        expectRvalid[i] = gnts[i]!;
        pendingRead[i] = gnts[i] && !r.we ? (r.addr >>> 2) % total : undefined;
      }
      // writes granted this cycle go to distinct banks, so their order within the cycle does not matter
      reqs.forEach((r, i) => {
        if (!gnts[i] || !r.we) return;
        const w = (r.addr >>> 2) % total;
        mem[w] = applyByteEnables(mem[w]!, r.wdata, r.be);
        defined[w]! |= r.be;
      });
    }
    return problems;
  };
}

/**
 * Random traffic on the TCDM from `masters` LSU-like masters. `random`: addresses spread over a few rows of
 * every bank (so reads find written data and banks collide); `hotspot`: every master hammers bank 0.
 */
export function tcdmCheck(shape: TcdmShape, pattern: TrafficPattern = 'random', activity = 0.6): BlockCheck {
  const rows = Math.min(shape.bankWords, 8);
  const address = (rng: { below(n: number): number }) =>
    pattern === 'hotspot'
      ? TCDM_BASE + 4 * shape.banks * rng.below(rows)
      : TCDM_BASE + 4 * (rng.below(shape.banks) + shape.banks * rng.below(rows));
  const n = shape.masters;
  return {
    block: 'tcdm',
    params: { ...shape, hotspot: pattern === 'hotspot' ? 1 : 0 },
    generator: tcdm,
    outputs: [
      ...responsePorts('master_rsp', n),
      ...Array.from({ length: n }, (_, i) => ['requests', 'conflicts', 'stalls'].map((k) => counterPort(k, i))).flat(),
    ],
    reference: () => new TcdmReference(shape),
    dontCare: (port, expected) => expected[dontCareKey(port)] === 1n || (port.endsWith('_rdata_o') && expected[port.replace('_rdata_o', '_rvalid_o')] === 0n),
    properties: tcdmProperties(shape),
    coverage: (inputs, outputs) =>
      unreached(inputs, outputs, {
        'responses flowing': (_i, o) => Array.from({ length: n }, (_, k) => o[outPort('master_rsp', k, 'rvalid')] === 1n).some(Boolean),
        ...(n > 1 ? { 'a conflict': (i: Row, o: Row) => Array.from({ length: n }, (_, k) => i[`master_${k}_req_i`] === 1n && o[outPort('master_rsp', k, 'gnt')] === 0n).some(Boolean) } : {}),
        'all masters requesting': (i) => Array.from({ length: n }, (_, k) => i[`master_${k}_req_i`] === 1n).every(Boolean),
      }),
    stimulus(rng, cycles): BatchInputs {
      const model = new TcdmModel(shape);
      const masters = Array.from({ length: n }, () => new TrafficMaster(rng, pattern === 'hotspot' ? 1 : activity, address));
      const rows: Row[] = column(cycles, () => 0).map(() => {
        const reqs = masters.map((m) => m.request());
        const rsp = model.cycle(reqs);
        masters.forEach((m, i) => m.granted(rsp[i]!.gnt));
        const row: Row = {};
        reqs.forEach((r, i) => requestToRow(row, 'master', i, r));
        return row;
      });
      const inputs: BatchInputs = {};
      for (const p of requestPorts('master', n)) inputs[p] = rows.map((r) => r[p]!);
      return inputs;
    },
  };
}
