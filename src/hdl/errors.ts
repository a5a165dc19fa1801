import { UserError } from '../util/errors.ts';
import type { Loc } from './loc.ts';

/** A design error found while elaborating: printed as `design.ts:42:7: error: message`. */
export class HdlError extends UserError {
  constructor(message: string, readonly loc: Loc) {
    super(message, loc.toString());
    this.name = 'HdlError';
  }
}

/** A located warning (e.g. an unused signal), reported in `EmitResult.warnings`. */
export interface HdlDiagnostic {
  severity: 'warning';
  message: string;
  location: string;
}

export function warning(message: string, loc: Loc): HdlDiagnostic {
  return { severity: 'warning', message, location: loc.toString() };
}

export function formatDiagnostic(d: HdlDiagnostic): string {
  return `${d.location}: ${d.severity}: ${d.message}`;
}
