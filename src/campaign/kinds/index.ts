import { registerCampaignKind } from '../kind.ts';
import { conformanceKind } from './conformance.ts';
import { kernelsKind } from './kernels.ts';
import { lockstepKind } from './lockstep.ts';
import { sweepKind } from './sweep.ts';
import { mutateKind } from './mutate.ts';

/**
 * The campaign kinds flexv knows, one line each. A new kind implements `CampaignKind` in its own file and
 * adds its line here.
 */
registerCampaignKind(lockstepKind);
registerCampaignKind(sweepKind);
registerCampaignKind(kernelsKind);
registerCampaignKind(mutateKind);
registerCampaignKind(conformanceKind);
