import { runClusterMutationCampaign } from './cluster/run.ts';
import { runMutationCampaign, type MutateOptions, type MutateReport } from './run.ts';

/** `flexv mutate`: the core campaign (src/mutate/run.ts) or the cluster fabric's (src/mutate/cluster/run.ts). */
export function runMutate(opts: MutateOptions): Promise<MutateReport> {
  return opts.target === 'cluster' ? runClusterMutationCampaign(opts) : runMutationCampaign(opts);
}
