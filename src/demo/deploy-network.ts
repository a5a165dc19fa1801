import { existsSync } from 'node:fs';
import { deploy, type DeployReport } from '../deploy/flow.ts';
import { deeployModel } from '../deploy/models.ts';

/**
 * The demo's last step: one real network (MLPerf Tiny's anomaly-detection autoencoder, 10 fully connected
 * layers, from the shared models folder) deployed with `flexv deploy` on the 8-core Flex-V cluster the demo
 * just generated, free-running on the RTL, every layer compared with the model's own reference activations.
 * Small on purpose: it keeps the demo short (ResNet-8 on the RTL takes minutes; `flexv deploy` runs it).
 */
export const DEMO_NETWORK = 'AnomalyDetection';

export async function demoDeployNetwork(cores: number): Promise<DeployReport | undefined> {
  const model = deeployModel(DEMO_NETWORK);
  if (!existsSync(model)) {
    console.log(`\ndeploy: ${model} not found (the shared models folder); step skipped`);
    return undefined;
  }
  console.log(`\ndeploy: flexv deploy ${DEMO_NETWORK} (MLPerf Tiny, integer ONNX) --config flexv --cores ${cores} --run rtl`);
  const r = await deploy({ model, config: 'flexv', cores, run: 'rtl' });
  console.log(
    `  ${r.layers.length} layers, ${r.macs} MACs, ${r.layers.reduce((s, l) => s + l.tiles, 0)} tiles: ${r.cycles} cycles, ` +
      `${r.mac_per_cycle!.toFixed(2)} MAC/cycle on the RTL cluster, ${r.bit_exact ? 'bit-exact at every layer' : 'NOT bit-exact'} (${r.reference})`,
  );
  return r;
}

export const deployDemoPassed = (r: DeployReport | undefined): boolean => r === undefined || r.bit_exact === true;
