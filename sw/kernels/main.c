/* Kernel driver: runs the build's linear kernel (or convolution, when layer_conv is set) on the layer
   placed in the data section, requantizes,
   and records the instructions each part retired (instret) and the cycles it took (cycle) for the host to
   read by symbol. On the golden model a cycle is an instruction; on the RTL they differ by the stalls. */
#include <stdint.h>
#include "linear.h"

extern const int32_t layer_n, layer_k, layer_pixels, layer_shift;
extern const uint32_t layer_x[], layer_w[];
extern const int32_t layer_kappa[], layer_lambda[];
extern int32_t acc_out[];
extern uint32_t y_out[], scratch[], im2col[];
extern const int32_t layer_conv;
extern const struct conv_geometry layer_geometry;

volatile uint32_t perf_kernel, perf_requant, perf_kernel_cycles, perf_requant_cycles;

static inline uint32_t instret(void) {
  uint32_t v;
  __asm__ volatile("rdinstret %0" : "=r"(v));
  return v;
}

static inline uint32_t cycle(void) {
  uint32_t v;
  __asm__ volatile("rdcycle %0" : "=r"(v));
  return v;
}

int main(void) {
  uint32_t c0 = cycle();
  uint32_t t0 = instret();
  if (layer_conv) conv_s32(layer_x, &layer_geometry, layer_w, acc_out, im2col, scratch);
  else linear_s32(layer_x, layer_w, acc_out, layer_n, layer_k, layer_pixels, scratch);
  uint32_t t1 = instret();
  uint32_t c1 = cycle();
  requant_pack(acc_out, layer_kappa, layer_lambda, layer_shift, layer_n, layer_pixels, y_out);
  uint32_t t2 = instret();
  uint32_t c2 = cycle();
  perf_kernel = t1 - t0;
  perf_requant = t2 - t1;
  perf_kernel_cycles = c1 - c0;
  perf_requant_cycles = c2 - c1;
  return 0;
}
