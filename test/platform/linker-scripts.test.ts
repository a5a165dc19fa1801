import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { L2_BASE, PERIPH_BASE, TCDM_BASE } from '../../src/platform/memory-map.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every linker script under sw/. */
function linkerScripts(dir = join(ROOT, 'sw')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? linkerScripts(join(dir, e.name)) : e.name.endsWith('.ld') ? [join(dir, e.name)] : [],
  );
}

const SIZE = (n: string, unit: string) => Number(n) * (unit === 'M' ? 1 << 20 : unit === 'K' ? 1 << 10 : 1);

/**
 * The addresses a linker script places code and data at: its MEMORY regions (name, origin, length)
 * and its absolute location-counter assignments (`. = 0x80000000;`).
 */
export function scriptAddresses(text: string): { regions: Array<{ name: string; origin: number; length: number }>; starts: number[] } {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '');
  const regions = [...code.matchAll(/^\s*(\w+)\s*\([a-z]*\)\s*:\s*ORIGIN\s*=\s*(0x[0-9a-fA-F_]+)\s*,\s*LENGTH\s*=\s*(\d+)([KM]?)/gm)].map((m) => ({
    name: m[1]!,
    origin: Number(m[2]!.replaceAll('_', '')),
    length: SIZE(m[3]!, m[4]!),
  }));
  const starts = [...code.matchAll(/^\s*\.\s*=\s*(0x[0-9a-fA-F_]+)\s*;/gm)].map((m) => Number(m[1]!.replaceAll('_', '')));
  return { regions, starts };
}

/** Problems of a script against the platform memory map (src/platform/memory-map.ts). */
export function checkScript(text: string): string[] {
  const { regions, starts } = scriptAddresses(text);
  const problems: string[] = [];
  const windows: Record<string, { base: number; max: number }> = {
    L2: { base: L2_BASE, max: 2 ** 32 - L2_BASE },
    TCDM: { base: TCDM_BASE, max: PERIPH_BASE - TCDM_BASE },
  };
  for (const r of regions) {
    const w = windows[r.name];
    if (!w) problems.push(`region ${r.name} is not a region of the memory map (L2, TCDM)`);
    else if (r.origin !== w.base) problems.push(`region ${r.name} starts at 0x${r.origin.toString(16)}, the map says 0x${w.base.toString(16)}`);
    else if (r.length > w.max) problems.push(`region ${r.name} is ${r.length} bytes, its window is ${w.max}`);
  }
  for (const s of starts) {
    if (s !== L2_BASE && s !== TCDM_BASE) problems.push(`'. = 0x${s.toString(16)}' is not a base of the memory map`);
  }
  if (regions.length === 0 && starts.length === 0) problems.push('places nothing at an absolute address');
  return problems;
}

describe('linker scripts agree with the platform memory map', () => {
  const scripts = linkerScripts();
  it('finds the scripts', () => expect(scripts.length).toBeGreaterThanOrEqual(2));
  it.each(scripts.map((s) => [s.slice(ROOT.length + 1), s]))('%s', (_, path) => {
    expect(checkScript(readFileSync(path, 'utf8'))).toEqual([]);
  });
  it('catches a moved base, an oversized TCDM region and a stray start address', () => {
    const good = readFileSync(join(ROOT, 'sw/cluster/cluster.ld'), 'utf8');
    expect(checkScript(good.replace('ORIGIN = 0x10000000', 'ORIGIN = 0x10100000'))).toEqual([
      'region TCDM starts at 0x10100000, the map says 0x10000000',
    ]);
    expect(checkScript(good.replace('LENGTH = 2M', 'LENGTH = 4M'))).toEqual(['region TCDM is 4194304 bytes, its window is 2097152']);
    expect(checkScript('SECTIONS\n{\n  . = 0x90000000;\n}\n')).toEqual(["'. = 0x90000000' is not a base of the memory map"]);
  });
});
