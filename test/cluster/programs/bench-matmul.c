/* Benchmark load for bench/cluster.ts: the parallel 16 x 16 matrix multiply of matmul.c repeated REPEAT
   times with a barrier after each round (long enough to measure simulation speed), then core 0 checks. */
#define REPEAT 12
#define main matmul_once
#include "matmul.c"
#undef main

int main(unsigned id, unsigned cores) {
  for (int r = 0; r < REPEAT - 1; r++) {
    for (unsigned i = id; i < N; i += cores)
      for (unsigned j = 0; j < N; j++) {
        int32_t s = 0;
        for (unsigned k = 0; k < N; k++) s += a[i][k] * b[k][j];
        c[i][j] = s + r;
      }
    barrier();
  }
  return matmul_once(id, cores);
}
