import { UserError } from '../../util/errors.ts';

/** An integer flag value in [min, max]; the error names the flag. */
export function intFlag(value: string | boolean | undefined, flag: string, min: number, max: number): number {
  const text = String(value ?? '');
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UserError(`${flag} must be an integer in [${min}, ${max}], got '${text}'`, flag);
  }
  return n;
}

/** A string flag that must be present. */
export function stringFlag(value: string | boolean | undefined, flag: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new UserError(`${flag} needs a value`, flag);
  return value.trim();
}

/** Checks a parameter read back from campaign.json. */
export function expectParam(ok: boolean, field: string, why: string): void {
  if (!ok) throw new UserError(`params.${field} ${why}`, 'campaign.json');
}
