/* Parallel matrix multiply C = A x B (16 x 16, int32) in the TCDM: A and B are initialised TCDM data
   (loaded by the harness), rows are split among the cores, a barrier, then core 0 checks every element
   against its own sequential product. */
#include "cluster.h"
#define N 16
TCDM int32_t a[N][N] = {
#include "matmul-a.inc"
};
TCDM int32_t b[N][N] = {
#include "matmul-b.inc"
};
TCDM_BSS int32_t c[N][N];

int main(unsigned id, unsigned cores) {
  for (unsigned i = id; i < N; i += cores)
    for (unsigned j = 0; j < N; j++) {
      int32_t s = 0;
      for (unsigned k = 0; k < N; k++) s += a[i][k] * b[k][j];
      c[i][j] = s;
    }
  barrier();
  if (id != 0) return 0;
  for (unsigned i = 0; i < N; i++)
    for (unsigned j = 0; j < N; j++) {
      int32_t s = 0;
      for (unsigned k = 0; k < N; k++) s += a[i][k] * b[k][j];
      if (c[i][j] != s) return 1 + i * N + j;
    }
  return 0;
}
