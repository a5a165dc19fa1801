/** Campaigns: sharded, resumable lockstep / sweep / kernel runs on a local worker pool or a Slurm cluster. */
export { itemSeed, shardItems } from './seeds.ts';
export { campaignPaths, readCampaign, writeCampaign, type Campaign } from './spec.ts';
export { registerCampaignKind, campaignKinds, campaignKind, PENDING_KINDS, type CampaignKind, type ShardResult, type ItemFailure } from './kind.ts';
export { planOf, writePlan } from './plan.ts';
export { runCampaign, type RunOptions, type RunSummary } from './run.ts';
export { runShard } from './shard.ts';
export { mergeCampaign, type MergeTotals } from './merge.ts';
export { slurmScript, plannedSubmissions, arraySpec } from './slurm.ts';
