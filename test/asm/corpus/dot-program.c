#include "flexv.h"
volatile unsigned tohost;
static const unsigned table[8] = {1,2,3,4,5,6,7,8};
unsigned sum(const unsigned *p, int n) { unsigned s = 0; for (int i = 0; i < n; i++) s += p[i] * (i + 1); return s; }
unsigned dots(unsigned acc, unsigned a, unsigned b) { return FLEXV_SDOTSP_B(acc, a, b); }
void _start(void) {
  unsigned s = sum(table, 8) + dots(0, 0x01010101, 0x02020202);
  tohost = s == 204 + 8 ? 1 : 3;
  for (;;) ;
}
