import { CXX_OPTS, DEFAULT_CXX_OPT } from '../../sim/build.ts';
import { grouped, loadClause, markdownTable } from '../markdown.ts';
import type { TableDef } from '../table-def.ts';

/** One model build of bench/sim.ts: a design at one C++ optimisation level. */
interface Build {
  design: string;
  cxxOpt: string;
  buildSeconds: number;
  stepCyclesPerS: number;
  batchCyclesPerS: number;
}

/** What bench/sim.ts writes, as far as these tables read it. */
interface SimFigures {
  verilator: string;
  protocol: { cycles: number; binaryNsPerCycle: number; textNsPerCycle: number };
  builds: Build[];
  roundTrip: { peekUs: number; pokeStepPeekUs: number; pipelinedPokeStepUs: number };
  batch: { design: string; cycles: number; cyclesPerS: number };
}

const mega = (x: number) => `${(x / 1e6).toFixed(x >= 1e7 ? 0 : 1)} M cycles/s`;

function designs(f: SimFigures): string[] {
  return [...new Set(f.builds.map((b) => b.design))];
}

function build(f: SimFigures, design: string, opt: string): Build {
  const b = f.builds.find((x) => x.design === design && x.cxxOpt === opt);
  if (!b) throw new Error(`bench/reference/sim.json: no build of '${design}' at ${opt}`);
  return b;
}

function costs(raw: unknown, ref: { machine: { loadAverage?: number[] } }): string {
  const f = raw as SimFigures;
  const rows = [
    ['`peek` round trip', `${f.roundTrip.peekUs} µs`],
    ['`poke; step; peek` round trip', `${f.roundTrip.pokeStepPeekUs} µs`],
    ['`poke; step` pipelined (no wait)', `${f.roundTrip.pipelinedPokeStepUs} µs per pair`],
    [`\`batch\`, \`${f.batch.design}\`, ${grouped(f.batch.cycles)} cycles`, `${mega(f.batch.cyclesPerS)} (best of 3)`],
    ...designs(f).map((d) => [`\`step(n)\`, model alone, \`${d}\`, ${DEFAULT_CXX_OPT} (the default)`, `${mega(build(f, d, DEFAULT_CXX_OPT).stepCyclesPerS)} (best of 3)`]),
    ...designs(f).map((d) => [`model build, \`${d}\`, Verilator runtime cached, ${DEFAULT_CXX_OPT}`, `${build(f, d, DEFAULT_CXX_OPT).buildSeconds} s`]),
    ['protocol: TypeScript encode + decode per batch cycle, binary / hexadecimal text lines', `${f.protocol.binaryNsPerCycle} / ${f.protocol.textNsPerCycle} ns`],
  ];
  return `${markdownTable(['figure', 'value'], rows, [false, true])}\n\n${f.verilator}; ${loadClause(ref.machine.loadAverage)}.`;
}

function optLevels(raw: unknown): string {
  const f = raw as SimFigures;
  return markdownTable(
    ['design: build s / step cycles/s', ...CXX_OPTS],
    designs(f).map((d) => [`\`${d}\``, ...CXX_OPTS.map((o) => { const b = build(f, d, o); return `${b.buildSeconds} / ${(b.stepCyclesPerS / 1e6).toFixed(1)} M`; })]),
    [false, ...CXX_OPTS.map(() => true)],
  );
}

export const simTables: TableDef[] = [
  { id: 'sim-costs', benchmark: 'sim', command: 'npm run bench -- sim', render: costs },
  { id: 'sim-cxx-opt', benchmark: 'sim', command: 'npm run bench -- sim', render: optLevels },
];
