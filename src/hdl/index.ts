/**
 * flexv's embedded HDL: build hardware with TypeScript values and methods, elaborate it with checks that
 * point at your source line, and emit lowRISC-style SystemVerilog. Guide: docs/hdl.md.
 */
export { UInt, SInt, Bool, Vec, Bundle, clog2, indexWidth } from './types.ts';
export type { HwType, GroundT, UIntT, SIntT, VecT, BundleT, SignalOf } from './types.ts';
export { Enum, enumByName, enumType } from './enum.ts';
export type { EnumDef, EnumMember, EnumT } from './enum.ts';
export { Expr } from './expr.ts';
export { atSource, callerSource } from './loc.ts';
export { mux, cat, lit, slit, index, orAll, sumAll } from './functions.ts';
export type { ValueTree } from './functions.ts';
export type { ValueLike } from './expr.ts';
export { Signal } from './signal.ts';
export type { SignalKind } from './signal.ts';
export { module, isModuleGenerator, ModuleBuilder, Memory, WhenChain, SwitchChain } from './module.ts';
export type { ModuleGenerator, RegOptions, ResetValue, InstanceIO } from './module.ts';
export { connect } from './connect.ts';
export { elaborate } from './elaborate.ts';
export type { Design } from './elaborate.ts';
export { emit, writeEmit } from './emit/index.ts';
export type { EmitOptions, EmitResult, PortInfo } from './emit/index.ts';
export { checkPrefix, DEFAULT_PREFIX, moduleName, packageName } from './emit/names.ts';
export { HdlError, formatDiagnostic } from './errors.ts';
export type { HdlDiagnostic } from './errors.ts';
export type { ModuleDef } from './ir.ts';
