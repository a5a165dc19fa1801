import { registerCampaignKind } from '../kind.ts';
import { conformanceKind } from './conformance.ts';
import { kernelsKind } from './kernels.ts';
import { lockstepKind } from './lockstep.ts';
import { sweepKind } from './sweep.ts';

/**
 * The campaign kinds flexv knows, one line each. A new kind (the mutation campaign: `PENDING_KINDS.mutate`
 * in ../kind.ts says so until then) implements `CampaignKind` in its own file and adds its line here.
 */
registerCampaignKind(lockstepKind);
registerCampaignKind(sweepKind);
registerCampaignKind(kernelsKind);
registerCampaignKind(conformanceKind);
