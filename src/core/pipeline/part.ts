import type { ModuleBuilder } from '../../hdl/index.ts';
import type { Pipeline } from './pipeline.ts';
import type { Signal } from '../../hdl/index.ts';
import type { PredictService, RedirectService } from './control-flow.ts';
import type { CsrRecordService } from './csr-record.ts';
import type { DecodeService } from './decode-service.ts';
import type { DotProductService } from './dot-product.ts';
import type { OverrideService } from './override.ts';
import type { RecordFieldService } from './record-fields.ts';
import type { Config } from '../../isa/index.ts';
import type { KeepRule } from '../units/csr-file.ts';
import type { ResultService } from './result-service.ts';

/** What every part sees: the core module being built, its pipeline and the shared services. */
export interface CoreContext {
  m: ModuleBuilder;
  pipeline: Pipeline;
  decode: DecodeService;
  /** RESULT in EX: the value bound for rd. */
  exResult: ResultService;
  /** WB_DATA in WB: RESULT unless a part (the LSU) supplies a later value. */
  wbData: ResultService;
  /** RS1_WB_VALUE in EX: the post-increment value written back to rs1. */
  exRs1Wb: ResultService;
  redirect: RedirectService;
  /** Fetch-side jumps (hardware-loop ends), checked in EX. */
  predict: PredictService;
  /** The CSR writes of the retirement record. */
  csrRecord: CsrRecordService;
  /** Fields of the retirement record that extensions add (`rvfi_<name>`). */
  recordFields: RecordFieldService;
  /** The dot-product unit (owned by the SIMD part): a wider unit and operand overrides of extensions. */
  dot: DotProductService;
  /** The LSU's base address in EX (owned by the LSU part: rs1): Mac&Load's address CSRs override it. */
  memBase: OverrideService;
  /**
   * CSRs whose state other parts update (hardware loops): named in `setup`, the CSR file then gives each a
   * side port (`value` to read, `we`/`wdata` to write, committed when EX fires) in `csrPorts`.
   */
  csrSide: string[];
  /** CSRs whose storage a part holds: the part sets `value` and reads `we`/`wdata` of its csrPorts entry. */
  csrExternal: string[];
  csrPorts: Map<string, { value: Signal; we: Signal; wdata: Signal }>;
  /** WARL fields of CSRs parts add (setup): a write of a value >= min keeps the field's old value. */
  csrKeep: Record<string, KeepRule[]>;
  /** Compressed instruction ids the fetch part's expander accepts (filled in setup by the C part). */
  compressed: string[];
  /** Table ids of the configuration's instruction set (what parts may decode). */
  isa: ReadonlySet<string>;
  /** The ISA configuration (golden-model name) the core implements. */
  config: Config;
}

/**
 * A part (VexRiscv's plugin): one extension or unit of the core. `setup` registers decode entries and the
 * values the part produces; `build` plugs its datapath into the stages. A configuration is a list of parts.
 */
export interface Part {
  readonly name: string;
  setup?(ctx: CoreContext): void;
  build?(ctx: CoreContext): void;
}
