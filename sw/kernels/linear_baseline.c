/* Baseline build (XpulpV2 only): activations are unpacked once per pixel to 8-bit lanes in the order the
   weight expansion produces; weights are expanded to 8-bit lanes in registers; pv.sdotusp.b does 4 MACs. */
#include "linear.h"
#include "expand.h"
#include "flexv.h"
/* No linker relaxation in this unit: the hardware-loop alignment directives then pad with the exact number
   of c.nop (with relaxation the linker often leaves two executed c.nop before an aligned lp.setup). */
__asm__(".option norelax");

#define PREP_BITS 8
#define PARTS (8 / W_BITS) /* 8-bit words per weight word */
#define SDOT(acc, a, b) FLEXV_SDOTUSP_B(acc, a, b)
#define WPART_SETUP
#if W_BITS == 8
#define WPART(word, j) (word)
#else
#define WPART(word, j) EXPAND_TO_8(word, W_BITS, j)
#endif
#include "regform-loop.h"
