import { elaborate, emit, module, type Design, type EmitResult } from '../hdl/index.ts';
import { instructionsFor } from '../isa/index.ts';
import { anyCoreConfig, coreConfig, DEFAULT_CORE_OPTIONS, isaIds, type CoreOptions } from './configs.ts';
import { Pipeline } from './pipeline/pipeline.ts';
import type { CoreContext } from './pipeline/part.ts';
import { PredictService, RedirectService } from './pipeline/control-flow.ts';
import { CsrRecordService } from './pipeline/csr-record.ts';
import { DecodeService } from './pipeline/decode-service.ts';
import { ResultService } from './pipeline/result-service.ts';
import { RESULT, RS1_WB_VALUE, WB_DATA } from './pipeline/keys.ts';
import { DotProductService } from './pipeline/dot-product.ts';
import { OverrideService } from './pipeline/override.ts';
import { RecordFieldService } from './pipeline/record-fields.ts';
import { UInt } from '../hdl/index.ts';

export interface CoreParams {
  /** A name of CORE_CONFIGS (src/core/configs.ts). */
  config: string;
  /** Generator options (configs.ts `CoreOptions`); default `DEFAULT_CORE_OPTIONS`. */
  extensionFormats: boolean;
}

/** What a core implements of its ISA configuration (decoded ids; table ids no part handles yet). */
export interface CoreCoverage {
  decoded: string[];
  compressed: string[];
  missing: string[];
}

const coverage = new Map<string, CoreCoverage>();

/**
 * The core generator: a pipeline skeleton (IF, ID, EX, WB) filled by the parts of the configuration.
 * Ports: instruction port `instr_*`, data port `data_*`, `boot_addr_i`, `hart_id_i`, retirement port `rvfi_*`.
 */
export const core = module(
  'flexv_core',
  (m, p: CoreParams) => {
    const cfg = anyCoreConfig(p.config); // pending configurations only through elaborate(core, ...) in tests
    const isa = isaIds(cfg);
    const pipeline = new Pipeline(m);
    const parts = cfg.parts({ extensionFormats: p.extensionFormats });
    const ctx: CoreContext = {
      m,
      pipeline,
      decode: new DecodeService(pipeline, isa),
      exResult: new ResultService(pipeline, RESULT, 'ex'),
      wbData: new ResultService(pipeline, WB_DATA, 'wb', () => pipeline.stages.wb.input(RESULT)),
      exRs1Wb: new ResultService(pipeline, RS1_WB_VALUE, 'ex'),
      redirect: new RedirectService(pipeline),
      predict: new PredictService(pipeline),
      csrRecord: new CsrRecordService(pipeline),
      recordFields: new RecordFieldService(),
      dot: new DotProductService(pipeline),
      memBase: new OverrideService(pipeline, 'lsu_base', UInt(32)),
      csrSide: [],
      csrExternal: [],
      csrPorts: new Map(),
      csrKeep: {},
      compressed: [],
      isa,
      config: cfg.isa,
    };
    for (const part of parts) part.setup?.(ctx);
    for (const part of parts) part.build?.(ctx);
    pipeline.finish();
    const decoded = ctx.decode.ids();
    const handled = new Set([...decoded, ...ctx.compressed]);
    coverage.set(p.config, {
      decoded,
      compressed: [...ctx.compressed],
      missing: instructionsFor(cfg.isa).map((d) => d.id).filter((id) => !handled.has(id)),
    });
  },
  { defaults: { config: 'baseline', ...DEFAULT_CORE_OPTIONS } },
);

/** Elaborates the core of a configuration. */
export function elaborateCore(config: string, options: Partial<CoreOptions> = {}): Design {
  coreConfig(config); // a clear error for an unknown name before elaboration starts
  return elaborate(core, { config, ...DEFAULT_CORE_OPTIONS, ...options });
}

export function emitCore(config: string, options: Partial<CoreOptions> = {}, prefix?: string): EmitResult {
  return emit(elaborateCore(config, options), { prefix });
}

/** Instruction coverage of a configuration's core (elaborates it if needed). */
export function coreCoverage(config: string): CoreCoverage {
  if (!coverage.has(config)) elaborateCore(config);
  return coverage.get(config)!;
}
