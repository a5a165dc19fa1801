// Measurement design: the core's existing XpulpV2 .h/.b dot-product unit (src/core/units/simd-alu.ts) as
// a default export, so `flexv synth --target module` can size it beside the Flex-V unit.
import { dotpUnit } from '../../../src/core/units/simd-alu.ts';
export default dotpUnit;
