// flexv single-core harness: memories of the spec's memory map around the generated core, an image loader,
// tohost / end-of-computation detection, a cycle counter, optional FST window, and the core's retirements
// streamed to stdout as fixed-size binary records (src/cosim/protocol.ts reads them).
//
//   harness IMAGE [--retire] [--max-cycles N] [--fst FILE --fst-from C --fst-to C] [--stall-seed S] [--dump FILE]
//
// Both ports answer one cycle after the grant and grant every request, unless --stall-seed S (S > 0) makes
// grants random (3 in 4) and adds 0-2 random cycles of response latency (in order): the core's handshakes
// and stalls are then exercised, with the same program results. The model's top is the sim top of
// src/cosim/sim-top.ts: grants and responses are set a cycle ahead and registered there, so each cycle
// costs one evaluation of the core's logic, not two.
//
// The image (written by src/cosim/image.ts) carries the memory sizes, entry, tohost and segments, so the
// memory map is not repeated here. A summary line of JSON goes to stderr at the end.
//
// The memory beats of a retirement record are the data-bus beats the harness granted, not the core's own
// account of them (its rvfi_mem* outputs): every granted beat (word address, byte enables, the enabled
// lanes of the write data or of the read data) goes into a per-instruction buffer, and the next retirement
// takes the whole buffer. The core issues an instruction's accesses only while write-back can take that
// instruction (src/core/parts/lsu.ts), so the beats granted before the cycle an instruction retires in are
// exactly its own; a beat the core puts on the bus for an instruction that does not retire (or one beat too
// many) shows up in a record, and lockstep reports it. --dump FILE writes L2, then the TCDM, at the end.
#include "Vcore.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif
#include <fcntl.h>
#include <chrono>
#include <ctime>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <vector>
#include "image.h"

using flexv::die;
using flexv::Region;

namespace {

/** Bus beats one record carries at most: 2 (a misaligned access), and a third to show one too many. */
const uint32_t MAX_BEATS = 3;
const int MAX_RECORD_WORDS = 9 + MAX_BEATS * 3 + 4 * 2 + 2;
const int BUF_WORDS = 16384;

struct Machine {
  Region l2, tcdm;
  uint32_t periph = 0, periphSize = 0, offCores = 0, offCycles = 0, offEoc = 0;
  uint32_t entry = 0, tohost = flexv::NO_TOHOST;
  uint64_t cycle = 0;

  Region* region(uint32_t a) {
    if (l2.contains(a)) return &l2;
    if (tcdm.contains(a)) return &tcdm;
    return nullptr;
  }
  bool isPeriph(uint32_t a) const { return a - periph < periphSize; }
};

// Both memories are byte regions of the harness; every segment lands in one of them.
void loadImage(Machine& m, const char* path) {
  const flexv::Image img = flexv::readImage(path);
  const flexv::MemoryMap& map = img.map;
  m.l2.base = map.l2Base;
  m.l2.bytes.assign(map.l2Size, 0);
  m.tcdm.base = map.tcdmBase;
  m.tcdm.bytes.assign(map.tcdmSize, 0);
  m.periph = map.periph;
  m.periphSize = map.periphSize;
  m.offCores = map.offCores;
  m.offCycles = map.offCycles;
  m.offEoc = map.offEoc;
  m.entry = map.entry;
  m.tohost = map.tohost;
  for (const flexv::Segment& s : img.segments) {
    Region* r = m.region(s.addr);
    if (!r || !r->holds(s.addr, s.bytes.size())) die("segment outside the memory map");
    flexv::placeBytes(*r, s);
  }
}

struct Response {
  bool valid = false;
  uint32_t data = 0;
};

/** Responses of one port, in order, each due at a cycle. */
struct Port {
  std::deque<std::pair<uint64_t, uint32_t>> pending;
  Response next(uint64_t cycle) {
    Response r;
    if (!pending.empty() && pending.front().first <= cycle) {
      r.valid = true;
      r.data = pending.front().second;
      pending.pop_front();
    }
    return r;
  }
};

/** One granted data-bus beat: word address, byte enables, the enabled lanes of the write or read data. */
struct Beat {
  uint32_t addr = 0, data = 0, mask = 0;
  bool write = false;
};

/** The lanes a set of byte enables selects, as a 32-bit mask. */
uint32_t laneMask(uint32_t be) {
  uint32_t m = 0;
  for (int i = 0; i < 4; i++) if (be >> i & 1) m |= 0xffu << (8 * i);
  return m;
}

/** The lowest enabled byte of a beat: a bus error reports the access's own address, as the golden model. */
uint32_t firstByte(uint32_t be) { return be ? uint32_t(__builtin_ctz(be)) : 0; }

/** xorshift64: the seeded randomness of the stall mode. */
struct Rng {
  uint64_t s;
  uint32_t next() { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return uint32_t(s >> 16); }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) die("usage: harness IMAGE [--retire] [--max-cycles N] [--fst FILE --fst-from C --fst-to C]");
  bool retire = false;
  uint64_t maxCycles = 100000000ull;
  const char* fstPath = nullptr;
  uint64_t fstFrom = 0, fstTo = ~0ull;
  uint64_t stallSeed = 0;
  const char* dumpPath = nullptr;
  for (int i = 2; i < argc; i++) {
    std::string a = argv[i];
    auto next = [&]() -> const char* { if (i + 1 >= argc) die("missing value after " + a); return argv[++i]; };
    if (a == "--retire") retire = true;
    else if (a == "--max-cycles") maxCycles = std::strtoull(next(), nullptr, 10);
    else if (a == "--fst") fstPath = next();
    else if (a == "--fst-from") fstFrom = std::strtoull(next(), nullptr, 10);
    else if (a == "--fst-to") fstTo = std::strtoull(next(), nullptr, 10);
    else if (a == "--stall-seed") stallSeed = std::strtoull(next(), nullptr, 10);
    else if (a == "--dump") dumpPath = next();
    else die("unknown option " + a);
  }
  Machine m;
  loadImage(m, argv[1]);
#ifdef F_SETPIPE_SZ
  // A larger pipe lets the simulation run ahead of the reader instead of waiting on every 64 KiB.
  if (retire) fcntl(1, F_SETPIPE_SZ, 1 << 20);
#endif

  Verilated::randReset(0);
  auto* ctx = new VerilatedContext;
  auto* top = new Vcore{ctx};
#if VM_TRACE
  VerilatedFstC* tfp = nullptr;
  if (fstPath) {
    ctx->traceEverOn(true);
    tfp = new VerilatedFstC;
    top->trace(tfp, 99);
    tfp->open(fstPath);
  }
#else
  if (fstPath) die("this harness was built without FST support");
#endif
  uint64_t simTime = 0;
  // One clock period: the rising edge (the core's registers and the sim top's input registers load), then
  // the falling edge (nothing changes; Verilator needs it to see the next rising edge).
  auto period = [&]() {
    for (int clk = 1; clk >= 0; clk--) {
      top->clk_i = clk;
      top->eval();
#if VM_TRACE
      if (tfp && m.cycle >= fstFrom && m.cycle <= fstTo) tfp->dump(simTime);
#endif
      simTime += 5;
    }
  };

  // The grant and response inputs are registered by the sim top (src/cosim/sim-top.ts): what is set
  // before a clock edge is what the core sees in the cycle after it.
  Port iport, dport;
  Rng rng{stallSeed * 0x9e3779b97f4a7c15ull + 1};
  const bool stalls = stallSeed != 0;
  auto latency = [&]() -> uint64_t { return 1 + (stalls ? rng.next() % 3 : 0); };
  // A grant is offered before the core decides to request (OBI lets gnt be high without req).
  auto grant = [&]() -> bool { return stalls ? (rng.next() & 3) != 0 : true; };
  bool iGnt = grant(), dGnt = grant();
  top->boot_addr_i = m.entry;
  top->hart_id_i = 0;
  top->instr_gnt_i = iGnt;
  top->data_gnt_i = dGnt;
  top->instr_rvalid_i = 0;
  top->data_rvalid_i = 0;
  top->rst_ni = 0;
  top->clk_i = 0;
  top->eval();
  for (int i = 0; i < 4; i++) period();
  top->rst_ni = 1;
  top->eval();

  static uint32_t buf[BUF_WORDS];
  int fill = 0;
  std::string reason;
  uint32_t value = 0;
  bool halting = false;
  const char* haltKind = "";
  uint64_t instret = 0;
  // The data-bus beats granted since the last retirement (the retiring instruction's own, see the top).
  Beat beats[MAX_BEATS];
  uint32_t nBeats = 0;
  auto t0 = std::chrono::steady_clock::now();
  std::clock_t c0 = std::clock();

  while (reason.empty()) {
    if (m.cycle >= maxCycles) { reason = "limit"; break; }
    // The outputs of cycle m.cycle are settled (state and this cycle's registered inputs).
    if (top->rvfi_valid_o) {
      instret++;
      if (!m.region(top->rvfi_pc_o)) { reason = "bus-error"; value = top->rvfi_pc_o; }
      if (retire) {
        // Variable length: 9 words, then 3 per bus beat, 2 per CSR write, 2 per NN-RF write (src/cosim/protocol.ts).
        if (fill + MAX_RECORD_WORDS > BUF_WORDS) { std::fwrite(buf, 4, fill, stdout); fill = 0; }
        uint32_t* r = &buf[fill];
        uint32_t memCount = nBeats, csrCount = top->rvfi_csr_count_o, nnCount = top->rvfi_nn_count_o;
        r[0] = top->rvfi_pc_o;
        r[1] = top->rvfi_insn_o;
        r[2] = top->rvfi_size_o | (top->rvfi_rd_o << 8) | (memCount << 16) | (csrCount << 20) | (top->rvfi_rs1wb_o << 24) | (nnCount << 29);
        r[3] = top->rvfi_rd_wdata_o;
        r[4] = top->rvfi_trap_o ? top->rvfi_trap_cause_o : 0xffffffffu;
        r[5] = top->rvfi_next_pc_o;
        r[6] = top->rvfi_order_o;
        r[7] = uint32_t(m.cycle);
        r[8] = top->rvfi_rs1wb_wdata_o;
        int k = 9;
        for (uint32_t b = 0; b < memCount; b++) { r[k++] = beats[b].addr; r[k++] = beats[b].data; r[k++] = beats[b].mask | (uint32_t(beats[b].write) << 8); }
        const uint32_t csrAddr[4] = {top->rvfi_csr0_addr_o, top->rvfi_csr1_addr_o, top->rvfi_csr2_addr_o, top->rvfi_csr3_addr_o};
        const uint32_t csrValue[4] = {top->rvfi_csr0_value_o, top->rvfi_csr1_value_o, top->rvfi_csr2_value_o, top->rvfi_csr3_value_o};
        for (uint32_t c = 0; c < csrCount && c < 4; c++) { r[k++] = csrAddr[c]; r[k++] = csrValue[c]; }
        if (nnCount) { r[k++] = top->rvfi_nn_index_o; r[k++] = top->rvfi_nn_data_o; }
        fill += k;
      }
      // The store that ended the program has retired: stop after it (the golden model's last record).
      const bool stored = nBeats > 0 && beats[0].write;
      nBeats = 0;
      if (halting && stored) { reason = haltKind; break; }
    }

    // Instruction port: a granted request is answered after its latency.
    if (top->instr_req_o && iGnt) {
      uint32_t a = top->instr_addr_o, data = 0;
      Region* r = m.region(a);
      if (r && a - r->base + 4 <= r->bytes.size()) std::memcpy(&data, &r->bytes[a - r->base], 4);
      iport.pending.emplace_back(m.cycle + latency(), data);
    }
    // Data port: the access happens at the grant; its response (read data) comes after the latency.
    if (top->data_req_o && dGnt) {
      uint32_t a = top->data_addr_o, be = top->data_be_o, wd = top->data_wdata_o;
      bool we = top->data_we_o;
      Response dr;
      Region* r = m.region(a);
      if (r && a - r->base + 4 <= r->bytes.size()) {
        uint8_t* p = &r->bytes[a - r->base];
        if (we) {
          for (int i = 0; i < 4; i++) if (be >> i & 1) p[i] = uint8_t(wd >> (8 * i));
          if (m.tohost != flexv::NO_TOHOST && (m.tohost & ~3u) == a && !halting) {
            halting = true;
            haltKind = "tohost";
            std::memcpy(&value, &r->bytes[m.tohost - r->base], 4);
          }
        } else std::memcpy(&dr.data, p, 4);
      } else if (m.isPeriph(a) && be == 0xf) {
        uint32_t off = a - m.periph;
        if (we && off == m.offEoc) { if (!halting) { halting = true; haltKind = "eoc"; value = wd; } }
        else if (!we && off == m.offCores) dr.data = 1;
        else if (!we && off == m.offCycles) dr.data = uint32_t(m.cycle);
        else if (!we && off == m.offEoc) dr.data = 0;
        else { reason = "bus-error"; value = a + firstByte(be); }
      } else { reason = "bus-error"; value = a + firstByte(be); }
      dport.pending.emplace_back(m.cycle + latency(), dr.data);
      if (nBeats < MAX_BEATS) beats[nBeats++] = Beat{a, (we ? wd : dr.data) & laneMask(be), be, we};
    }

    // The next cycle's grants and responses go in with the clock edge.
    Response ir = iport.next(m.cycle + 1), dr = dport.next(m.cycle + 1);
    iGnt = grant();
    dGnt = grant();
    top->instr_rvalid_i = ir.valid;
    top->instr_rdata_i = ir.data;
    top->data_rvalid_i = dr.valid;
    top->data_rdata_i = dr.data;
    top->instr_gnt_i = iGnt;
    top->data_gnt_i = dGnt;
    period();
    m.cycle++;
  }
  if (reason.empty()) reason = haltKind;
  if (fill) std::fwrite(buf, 4, fill, stdout);
  std::fflush(stdout);
  if (dumpPath) {
    FILE* f = std::fopen(dumpPath, "wb");
    if (!f) die(std::string("cannot write the memory dump ") + dumpPath);
    const bool ok = std::fwrite(m.l2.bytes.data(), 1, m.l2.bytes.size(), f) == m.l2.bytes.size() &&
                    std::fwrite(m.tcdm.bytes.data(), 1, m.tcdm.bytes.size(), f) == m.tcdm.bytes.size();
    if (std::fclose(f) != 0 || !ok) die(std::string("cannot write the memory dump ") + dumpPath);
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpuSecs = double(std::clock() - c0) / CLOCKS_PER_SEC;
#if VM_TRACE
  if (tfp) { tfp->close(); delete tfp; }
#endif
  std::fprintf(stderr, "{\"reason\":\"%s\",\"value\":%u,\"cycles\":%llu,\"instret\":%llu,\"seconds\":%.6f,\"cpuSeconds\":%.6f}\n",
               reason.c_str(), value, (unsigned long long)m.cycle, (unsigned long long)instret, secs, cpuSecs);
  top->final();
  delete top;
  delete ctx;
  return 0;
}
