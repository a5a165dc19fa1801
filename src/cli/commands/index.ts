import type { Command } from 'commander';
import { registerAsm } from './asm.ts';
import { registerCosim } from './cosim.ts';
import { registerGen } from './gen.ts';
import { registerSim } from './sim.ts';
import { registerDemo } from './demo.ts';
import { registerDisasm } from './disasm.ts';
import { registerEmit } from './emit.ts';
import { registerLint } from './lint.ts';
import { registerRun } from './run.ts';
import { registerRandprog } from './randprog.ts';
import { registerSynth } from './synth.ts';
import { registerSweep } from './sweep.ts';
import { registerConformance } from './conformance.ts';
import { registerCampaign } from './campaign.ts';
import { registerDeploy } from './deploy.ts';
import { registerMutate } from './mutate.ts';

/** One line per sub-command file; each registers its command(s) on the program. */
export const commands: Array<(program: Command) => void> = [
  registerAsm,
  registerDemo,
  registerDisasm,
  registerEmit,
  registerLint,
  registerRun,
  registerSynth,
  registerSweep,
  registerGen,
  registerSim,
  registerCosim,
  registerRandprog,
  registerConformance,
  registerCampaign,
  registerDeploy,
  registerMutate,
];
