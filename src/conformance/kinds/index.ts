import type { Rng } from '../../randprog/rng.ts';
import type { KernelEntry } from '../catalog.ts';
import type { Case } from '../case.ts';
import { addCase } from './add.ts';
import { depthwiseCase } from './depthwise.ts';
import { conv1dCase, convCase, matmulCase, pointwiseCase } from './conv.ts';
import { linearCase } from './linear.ts';
import { avgpoolCase, maxpoolCase } from './pool.ts';

/** The driver generator of each kernel kind (parametrised by the precisions in the kernel's name). */
export function buildCase(k: KernelEntry, cores: number, rng: Rng, source: string): Case {
  switch (k.kind) {
    case 'conv': return convCase(k, cores, rng);
    case 'pointwise': return pointwiseCase(k, cores, rng);
    case 'conv1d': return conv1dCase(k, cores, rng);
    case 'matmul': return matmulCase(k, cores, rng, source);
    case 'linear': return linearCase(k, cores, rng);
    case 'add': return addCase(k, cores, rng);
    case 'avgpool': return avgpoolCase(k, cores, rng);
    case 'maxpool': return maxpoolCase(k, cores, rng);
    case 'depthwise': return depthwiseCase(k, cores, rng);
  }
}
