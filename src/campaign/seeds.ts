/**
 * Where a shard's work comes from. A campaign is a list of `items` (random programs, sweep points, kernel
 * runs), numbered 0..items-1; item i's seed is `itemSeed(campaignSeed, i)` and shard s of N holds the
 * contiguous slice `shardItems(items, N, s)`. So a shard's seeds follow from the campaign seed and the shard
 * index alone, a shard run twice gives the same bytes, and the union of the N shards is the same work as
 * the campaign planned with 1 shard (the merged totals are equal: test/campaign/merge.test.ts).
 */

/** murmur3's 32-bit finalizer: every input bit flips about half the output bits. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The seed of item `index` of a campaign with seed `campaignSeed`: a u32, the same on every machine. */
export function itemSeed(campaignSeed: number, index: number): number {
  const hi = Math.floor(index / 0x1_0000_0000);
  return fmix32(fmix32((campaignSeed >>> 0) ^ 0x9e3779b9) ^ fmix32((index >>> 0) + Math.imul(hi, 0x632be5ab)));
}

/** Items [start, end) of shard `shard` of `shards`: as even as possible, the larger slices first. */
export function shardItems(items: number, shards: number, shard: number): { start: number; end: number } {
  const base = Math.floor(items / shards);
  const extra = items % shards;
  const start = shard * base + Math.min(shard, extra);
  return { start, end: start + base + (shard < extra ? 1 : 0) };
}
