import type { Row } from '../../sim/verify/index.ts';
import { IDLE_REQUEST, OBI_REQUEST_FIELDS, OBI_RESPONSE_FIELDS, type ObiRequest, type ObiResponse } from '../obi.ts';

/** Flattened port names of element `i` of a Vec-of-Bundle port (what the HDL emits: `master_3_addr_i`). */
export const inPort = (vec: string, i: number, field: string) => `${vec}_${i}_${field}_i`;
export const outPort = (vec: string, i: number, field: string) => `${vec}_${i}_${field}_o`;

/** Reads master `i`'s request of a cycle from a Row of inputs. */
export function requestFromRow(row: Row, vec: string, i: number): ObiRequest {
  const get = (f: string) => Number(row[inPort(vec, i, f)] ?? 0n);
  if (!get('req')) return IDLE_REQUEST;
  return { req: true, addr: get('addr'), we: get('we') === 1, be: get('be'), wdata: get('wdata') };
}

export function requestToRow(row: Row, vec: string, i: number, r: ObiRequest): void {
  row[inPort(vec, i, 'req')] = r.req ? 1n : 0n;
  row[inPort(vec, i, 'addr')] = BigInt(r.addr >>> 0);
  row[inPort(vec, i, 'we')] = r.we ? 1n : 0n;
  row[inPort(vec, i, 'be')] = BigInt(r.be);
  row[inPort(vec, i, 'wdata')] = BigInt(r.wdata >>> 0);
}

export function responseToRow(row: Row, vec: string, i: number, r: ObiResponse): void {
  row[outPort(vec, i, 'gnt')] = r.gnt ? 1n : 0n;
  row[outPort(vec, i, 'rvalid')] = r.rvalid ? 1n : 0n;
  row[outPort(vec, i, 'rdata')] = BigInt(r.rdata >>> 0);
}

export const requestPorts = (vec: string, n: number) =>
  Array.from({ length: n }, (_, i) => OBI_REQUEST_FIELDS.map((f) => inPort(vec, i, f))).flat();
export const responsePorts = (vec: string, n: number) =>
  Array.from({ length: n }, (_, i) => OBI_RESPONSE_FIELDS.map((f) => outPort(vec, i, f))).flat();

/** Key of a pseudo-output a model sets to say "this output is unspecified in this cycle". */
export const dontCareKey = (port: string) => `${port}#dc`;
