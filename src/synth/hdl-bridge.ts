import { elaborate, emit, writeEmit, type EmitResult } from '../hdl/index.ts';
import { loadDesign } from '../hdl/load.ts';

/**
 * Loads a design file the way `flexv emit` does (default export: a module generator, or a function of
 * the parameters returning one), elaborates it with `params` and writes its SV and filelist.f into
 * `outDir`. HDL errors come out as located UserErrors (`design.ts:12:5: error: ...`).
 */
export async function emitDesignFile(file: string, params: Record<string, unknown>, outDir: string): Promise<EmitResult> {
  const loaded = await loadDesign(file, params);
  const result = emit(elaborate(loaded.gen, loaded.params));
  await writeEmit(result, outDir);
  return result;
}
