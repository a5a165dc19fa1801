import type { EmitResult, PortInfo } from '../hdl/index.ts';

/**
 * The parts of the HDL's `EmitResult` the SDC writer reads. A Pick rather than the whole result, so
 * hand-written SV (test fixtures, imported IP) can be constrained by giving just these facts.
 */
export type EmittedDesign = Pick<EmitResult, 'top' | 'ports' | 'clock' | 'reset'>;
export type EmittedPort = PortInfo;
