import { Bool, Bundle, UInt, type Signal } from '../hdl/index.ts';

/**
 * The cluster's data-port protocol, OBI-like, exactly as the core's LSU drives it (src/core/units/lsu.ts:
 * `data_req/addr/we/be/wdata` out, `data_gnt/rvalid/rdata` in):
 * - the master raises `req` with `addr` (byte address, word-aligned: the LSU splits misaligned accesses),
 *   `we`, `be` (one bit per byte lane) and `wdata`, and holds them unchanged until `gnt`;
 * - `gnt` comes in the request cycle (combinational); without it the master stalls and retries;
 * - every granted request, read or write, gets exactly one `rvalid`, in request order; `rdata` is
 *   meaningful with `rvalid` of a read. TCDM and plain registers answer in the cycle after the grant; the
 *   event unit's wait registers answer only when the awaited event has arrived (how `p.elw` sleeps).
 */
export const OBI_ADDR_WIDTH = 32;
export const OBI_DATA_WIDTH = 32;
export const OBI_BE_WIDTH = OBI_DATA_WIDTH / 8;

/** Master to slave. */
export const obiRequest = () =>
  Bundle({ req: Bool(), addr: UInt(OBI_ADDR_WIDTH), we: Bool(), be: UInt(OBI_BE_WIDTH), wdata: UInt(OBI_DATA_WIDTH) });

/** Slave to master. */
export const obiResponse = () => Bundle({ gnt: Bool(), rvalid: Bool(), rdata: UInt(OBI_DATA_WIDTH) });

/** Field names, for harnesses that drive flattened ports (`<port>_<i>_<field>_i`). */
export const OBI_REQUEST_FIELDS = ['req', 'addr', 'we', 'be', 'wdata'] as const;
export const OBI_RESPONSE_FIELDS = ['gnt', 'rvalid', 'rdata'] as const;

/** One master's request in a cycle, as TypeScript models and stimulus see it. */
export interface ObiRequest {
  req: boolean;
  addr: number;
  we: boolean;
  be: number;
  wdata: number;
}

export interface ObiResponse {
  gnt: boolean;
  rvalid: boolean;
  rdata: number;
}

export const IDLE_REQUEST: ObiRequest = { req: false, addr: 0, we: false, be: 0, wdata: 0 };

/** Merges `wdata` into `old` on the byte lanes enabled by `be`. */
export function applyByteEnables(old: number, wdata: number, be: number): number {
  let mask = 0;
  for (let b = 0; b < OBI_BE_WIDTH; b++) if ((be >> b) & 1) mask |= 0xff << (8 * b);
  return ((old & ~mask) | (wdata & mask)) >>> 0;
}

/** The request side's signals as a module holds them (its own port or a child's). */
export type ObiRequestSignals = Record<(typeof OBI_REQUEST_FIELDS)[number], Signal>;
