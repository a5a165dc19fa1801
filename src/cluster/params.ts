import type { ModuleBuilder } from '../hdl/index.ts';

export const isPowerOfTwo = (n: number) => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;

/** The parameter checks every cluster block shares, so each message reads the same. */
export function requireCount(m: ModuleBuilder, name: string, value: number, min: number, max: number): void {
  m.require(Number.isInteger(value) && value >= min && value <= max, `${name} must be an integer in ${min}..${max}, got ${value}`);
}

export function requirePowerOfTwo(m: ModuleBuilder, name: string, value: number, min: number, max: number): void {
  m.require(
    isPowerOfTwo(value) && value >= min && value <= max,
    `${name} must be a power of two in ${min}..${max}, got ${value}`,
  );
}

/** Largest master count the interconnect and the peripherals accept (32-bit core masks). */
export const MAX_MASTERS = 32;
