/* Mac&Load immediate (spec §4): which NN-RF registers the dot product reads and which one is reloaded.
   The load always targets the selected register of its kind, after the dot product has read it. */
#ifndef KERNELS_NNRF_H
#define KERNELS_NNRF_H
#define NN_A(i) ((i) & 1)          /* imm5[0]: A0 / A1 */
#define NN_W(i) (((i) & 3) << 1)   /* imm5[2:1]: W0..W3 */
#define NN_LOAD_A 8                /* imm5[3]: reload the selected A from rs1, rs1 += 4 */
#define NN_LOAD_W 16               /* imm5[4]: reload the selected W from rs1, rs1 += 4 */
#endif
