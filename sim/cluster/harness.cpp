// flexv cluster harness: the generated cluster (N cores + fabric) with an ideal instruction memory and the
// L2 served from the program image, tohost / end-of-computation detection, optional FST window and
// per-core activity timeline, and the retirements of ALL cores streamed to stdout as binary records
// (src/cosim/cluster/protocol.ts reads them).
//
//   harness IMAGE [--retire] [--max-cycles N] [--l2-latency L] [--fst FILE --fst-from C --fst-to C]
//                 [--timeline FILE] [--l2-out FILE]
//
// Ports: every core's instruction port is granted at once and answered the next cycle (an instruction
// cache that always hits), from the L2 image. The cluster's L2 port is granted at once and answered after
// L2-latency cycles (default 1), in order. The model's top is the cluster sim top (src/cosim/cluster/sim-top.ts):
// all those grants and responses are registered there, so the harness sets the next cycle's values before
// the clock edge and each cycle costs one evaluation of the cores' logic. The per-core port accessors come
// from the generated cluster_ports.h (src/cosim/cluster/ports.ts), so one source serves any core count.
//
// Stream: per retirement, one word with the core index, then the single-core record (src/cosim/protocol.ts).
// Records are in retirement-cycle order, core index order within a cycle. The run stops at the end of the
// cycle in which a store to tohost or to the end-of-computation register retires, or at the cycle limit.
// --l2-out writes the final L2 bytes (results a program left there). A summary line of JSON goes to stderr.
//
// --dma-check: at each DMA completion (dma_busy_o falls), after that cycle's retirements, a completion record:
// the word 0xFFFFFFFE, then cycle, destination (word-aligned), destination row stride, words per row, rows,
// flags (bit 0: destination in L2), then the destination region's words as the RTL's memory holds them (TCDM
// bank arrays or the harness's L2), row by row. The shape is the DMA engine's, latched at its start
// (src/cosim/cluster/protocol.ts decodes it, src/cosim/cluster/lockstep.ts compares it with the golden model).
// Test-only hooks (test/cosim-cluster): --plant-dma-byte K flips bit 0 of the last destination byte of the
// K-th transfer in the RTL's memory just before its completion record; --plant-stuck-cycles holds the
// peripheral cycle counter at its value after reset.
#include "Vcluster.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif
#include <fcntl.h>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <string>
#include <vector>
#include "image.h"
#include "cluster_ports.h"

using flexv::die;

namespace {

const int MAX_RECORD_WORDS = 1 + 9 + 2 * 3 + 4 * 2 + 2;
const uint32_t DMA_DONE_TAG = 0xFFFFFFFEu;
const int DMA_HEADER_WORDS = 7;
const int BUF_WORDS = 16384;

struct Machine {
  flexv::MemoryMap map;
  flexv::Region l2;
  std::vector<std::pair<uint32_t, uint32_t>> tcdmWords;  // (word index, value)
};

// L2 segments go to the harness's L2; TCDM segments are kept as words and written into the RTL's bank
// arrays before the run (tcdmWrite of cluster_ports.h).
Machine loadImage(const char* path) {
  flexv::Image img = flexv::readImage(path);
  Machine m;
  m.map = img.map;
  m.l2.base = m.map.l2Base;
  m.l2.bytes.assign(m.map.l2Size, 0);
  for (const flexv::Segment& s : img.segments) {
    const uint32_t len = uint32_t(s.bytes.size());
    if (m.l2.contains(s.addr)) {
      if (!m.l2.holds(s.addr, len)) die("segment outside the L2");
      flexv::placeBytes(m.l2, s);
    } else if (s.addr - m.map.tcdmBase < m.map.tcdmSize) {
      if ((s.addr & 3) || (len & 3) || s.addr - m.map.tcdmBase + uint64_t(len) > m.map.tcdmSize) die("TCDM segment not word-aligned or outside the TCDM");
      for (uint32_t k = 0; k < len; k += 4) {
        uint32_t w;
        std::memcpy(&w, &s.bytes[k], 4);
        m.tcdmWords.emplace_back((s.addr - m.map.tcdmBase + k) / 4, w);
      }
    } else {
      die("segment outside the memory map");
    }
  }
  return m;
}

enum State : uint8_t { RUNNING = 0, STALLED = 1, SLEEPING = 2 };

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) die("usage: harness IMAGE [--retire] [--max-cycles N] [--l2-latency L] [--fst FILE --fst-from C --fst-to C] [--timeline FILE] [--l2-out FILE]");
  bool retire = false;
  uint64_t maxCycles = 100000000ull;
  uint64_t l2Latency = 1;
  const char* fstPath = nullptr;
  const char* timelinePath = nullptr;
  const char* l2OutPath = nullptr;
  bool dmaCheck = false, stuckCycles = false;
  uint64_t plantDmaByte = 0;
  uint64_t fstFrom = 0, fstTo = ~0ull;
  for (int i = 2; i < argc; i++) {
    std::string a = argv[i];
    auto next = [&]() -> const char* { if (i + 1 >= argc) die("missing value after " + a); return argv[++i]; };
    if (a == "--retire") retire = true;
    else if (a == "--max-cycles") maxCycles = std::strtoull(next(), nullptr, 10);
    else if (a == "--l2-latency") l2Latency = std::strtoull(next(), nullptr, 10);
    else if (a == "--fst") fstPath = next();
    else if (a == "--fst-from") fstFrom = std::strtoull(next(), nullptr, 10);
    else if (a == "--fst-to") fstTo = std::strtoull(next(), nullptr, 10);
    else if (a == "--timeline") timelinePath = next();
    else if (a == "--l2-out") l2OutPath = next();
    else if (a == "--dma-check") dmaCheck = true;
    else if (a == "--plant-dma-byte") plantDmaByte = std::strtoull(next(), nullptr, 10);
    else if (a == "--plant-stuck-cycles") stuckCycles = true;
    else die("unknown option " + a);
  }
  if (l2Latency < 1) die("--l2-latency must be at least 1");
  Machine m = loadImage(argv[1]);
#ifdef F_SETPIPE_SZ
  // A larger pipe lets the simulation run ahead of the reader instead of waiting on every 64 KiB.
  if (retire) fcntl(1, F_SETPIPE_SZ, 1 << 20);
#endif
  FILE* timeline = nullptr;
  if (timelinePath && !(timeline = std::fopen(timelinePath, "w"))) die(std::string("cannot write ") + timelinePath);

  Verilated::randReset(0);
  auto* ctx = new VerilatedContext;
  auto* top = new Vcluster{ctx};
  CorePorts core[FLEXV_CORES];
  bindPorts(top, core);
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
  uint64_t cycle = 0, simTime = 0;
  // One clock period: the rising edge (the cluster's registers and the sim top's input registers load),
  // then the falling edge (nothing changes; Verilator needs it to see the next rising edge).
  auto period = [&]() {
    for (int clk = 1; clk >= 0; clk--) {
      top->clk_i = clk;
      top->eval();
#if VM_TRACE
      if (tfp && cycle >= fstFrom && cycle <= fstTo) tfp->dump(simTime);
#endif
      simTime += 5;
    }
  };

  // Inputs of the first cycle after reset: fetches granted, no response yet.
  top->boot_addr_i = m.map.entry;
  for (int i = 0; i < FLEXV_CORES; i++) { *core[i].instr_gnt = 1; *core[i].instr_rvalid = 0; *core[i].instr_rdata = 0; }
  top->l2_rsp_gnt_i = 1;
  top->l2_rsp_rvalid_i = 0;
  top->l2_rsp_rdata_i = 0;
  top->rst_ni = 0;
  top->clk_i = 0;
  top->eval();
  for (int i = 0; i < 4; i++) period();
  top->rst_ni = 1;
  for (const auto& w : m.tcdmWords) tcdmWrite(top, w.first, w.second);
  top->eval();

  static uint32_t buf[BUF_WORDS];
  int fill = 0;
  std::deque<std::pair<uint64_t, uint32_t>> l2Pending;
  uint64_t instret[FLEXV_CORES] = {}, stallCycles[FLEXV_CORES] = {}, sleepCycles[FLEXV_CORES] = {};
  uint8_t state[FLEXV_CORES];
  std::memset(state, 0xff, sizeof state);
  const uint32_t eocAddr = m.map.periph + m.map.offEoc;
  const uint32_t tohost = m.map.tohost, tohostWord = tohost & ~3u;
  std::string reason;
  uint32_t value = 0;
  // The DMA transfer in flight: its shape, read from the engine in the cycle after its start.
  bool dmaBusy = false;
  uint64_t dmaTransfers = 0;
  DmaShape shape{};
  std::vector<uint32_t> region;
  const uint32_t heldCycles = stuckCycles ? cycleCounter(top) : 0;
  auto t0 = std::chrono::steady_clock::now();
  std::clock_t c0 = std::clock();

  while (reason.empty()) {
    if (cycle >= maxCycles) { reason = "limit"; break; }
    // The outputs of this cycle are settled (state and this cycle's registered inputs).
    bool ending = false;
    for (int i = 0; i < FLEXV_CORES; i++) {
      const CorePorts& c = core[i];
      if (!*c.rvfi_valid) continue;
      instret[i]++;
      uint32_t pc = *c.rvfi_pc;
      if (!m.l2.contains(pc)) { reason = "bus-error"; value = pc; }
      uint32_t memCount = *c.rvfi_mem_count, csrCount = *c.rvfi_csr_count, nnCount = *c.rvfi_nn_count;
      if (retire) {
        if (fill + MAX_RECORD_WORDS > BUF_WORDS) { std::fwrite(buf, 4, fill, stdout); fill = 0; }
        uint32_t* r = &buf[fill];
        r[0] = uint32_t(i);
        r[1] = pc;
        r[2] = *c.rvfi_insn;
        r[3] = *c.rvfi_size | (*c.rvfi_rd << 8) | (memCount << 16) | (csrCount << 20) | (uint32_t(*c.rvfi_rs1wb) << 24) | (nnCount << 29);
        r[4] = *c.rvfi_rd_wdata;
        r[5] = *c.rvfi_trap ? uint32_t(*c.rvfi_trap_cause) : 0xffffffffu;
        r[6] = *c.rvfi_next_pc;
        r[7] = *c.rvfi_order;
        r[8] = uint32_t(cycle);
        r[9] = *c.rvfi_rs1wb_wdata;
        int k = 10;
        if (memCount > 0) { r[k++] = *c.rvfi_mem0_addr; r[k++] = *c.rvfi_mem0_data; r[k++] = *c.rvfi_mem0_mask | (uint32_t(*c.rvfi_mem0_write) << 8); }
        if (memCount > 1) { r[k++] = *c.rvfi_mem1_addr; r[k++] = *c.rvfi_mem1_data; r[k++] = *c.rvfi_mem1_mask | (uint32_t(*c.rvfi_mem1_write) << 8); }
        const uint32_t csrAddr[4] = {*c.rvfi_csr0_addr, *c.rvfi_csr1_addr, *c.rvfi_csr2_addr, *c.rvfi_csr3_addr};
        const uint32_t csrValue[4] = {*c.rvfi_csr0_value, *c.rvfi_csr1_value, *c.rvfi_csr2_value, *c.rvfi_csr3_value};
        for (uint32_t j = 0; j < csrCount && j < 4; j++) { r[k++] = csrAddr[j]; r[k++] = csrValue[j]; }
        if (nnCount) { r[k++] = *c.rvfi_nn_index; r[k++] = *c.rvfi_nn_data; }
        fill += k;
      }
      // The store that ends the program has retired: finish this cycle's records, then stop.
      if (memCount && *c.rvfi_mem0_write && !ending) {
        uint32_t a = *c.rvfi_mem0_addr & ~3u;
        if (a == eocAddr) { ending = true; reason = "eoc"; value = top->eoc_status_o; }
        else if (tohost != flexv::NO_TOHOST && a == tohostWord) {
          ending = true;
          reason = "tohost";
          std::memcpy(&value, &m.l2.bytes[tohost - m.l2.base], 4);
        }
      }
    }

    const bool busyNow = top->dma_busy_o;
    if (busyNow && !dmaBusy) shape = dmaShape(top);
    if (!busyNow && dmaBusy && retire && dmaCheck) {
      // Completed in this cycle: its last write has landed; the destination as the RTL's memory holds it.
      dmaTransfers++;
      region.clear();
      for (uint32_t r = 0; r < shape.rows; r++) {
        for (uint32_t w = 0; w < shape.words; w++) {
          const uint32_t a = shape.dst + r * shape.stride + 4 * w;
          uint32_t v = 0;
          if (shape.toL2) { if (m.l2.containsWord(a)) std::memcpy(&v, &m.l2.bytes[a - m.l2.base], 4); }
          else v = tcdmRead(top, (a - m.map.tcdmBase) / 4);
          region.push_back(v);
        }
      }
      if (plantDmaByte == dmaTransfers && !region.empty()) {
        const uint32_t r = shape.rows - 1, w = shape.words - 1, a = shape.dst + r * shape.stride + 4 * w;
        region.back() ^= 1u << 24;
        if (shape.toL2) { if (m.l2.containsWord(a)) m.l2.bytes[a - m.l2.base + 3] ^= 1; }
        else tcdmWrite(top, (a - m.map.tcdmBase) / 4, region.back());
      }
      if (fill) { std::fwrite(buf, 4, fill, stdout); fill = 0; }
      const uint32_t head[DMA_HEADER_WORDS] = {DMA_DONE_TAG, uint32_t(cycle), shape.dst, shape.stride, shape.words, shape.rows, shape.toL2 ? 1u : 0u};
      std::fwrite(head, 4, DMA_HEADER_WORDS, stdout);
      if (!region.empty()) std::fwrite(region.data(), 4, region.size(), stdout);
    }
    dmaBusy = busyNow;

    const uint32_t sleeping = top->sleeping_o, stalled = top->stalled_o;
    for (int i = 0; i < FLEXV_CORES; i++) {
      uint8_t s = (sleeping >> i & 1) ? SLEEPING : (stalled >> i & 1) ? STALLED : RUNNING;
      sleepCycles[i] += s == SLEEPING;
      stallCycles[i] += s == STALLED;
      if (timeline && s != state[i]) std::fprintf(timeline, "%llu %d %d\n", (unsigned long long)cycle, i, s);
      state[i] = s;
    }

    // Instruction ports: granted at once (gnt stays high), answered in the next cycle: set now, registered
    // by the sim top at the edge.
    for (int i = 0; i < FLEXV_CORES; i++) {
      const CorePorts& c = core[i];
      uint32_t data = 0;
      const bool req = *c.instr_req;
      if (req) {
        const uint32_t a = *c.instr_addr;
        if (m.l2.containsWord(a)) std::memcpy(&data, &m.l2.bytes[a - m.l2.base], 4);
      }
      *c.instr_rvalid = req;
      *c.instr_rdata = data;
    }
    // L2 port: the access happens at the grant; the response comes after the latency.
    if (top->l2_req_o) {
      uint32_t a = top->l2_addr_o, be = top->l2_be_o, wd = top->l2_wdata_o, rdata = 0;
      if (m.l2.containsWord(a)) {
        uint8_t* p = &m.l2.bytes[a - m.l2.base];
        if (top->l2_we_o) { for (int b = 0; b < 4; b++) if (be >> b & 1) p[b] = uint8_t(wd >> (8 * b)); }
        else std::memcpy(&rdata, p, 4);
      } else if (reason.empty()) {
        reason = "bus-error";
        value = a;
      }
      l2Pending.emplace_back(cycle + l2Latency, rdata);
    }
    // The response the L2 port shows in the next cycle.
    if (!l2Pending.empty() && l2Pending.front().first <= cycle + 1) {
      top->l2_rsp_rvalid_i = 1;
      top->l2_rsp_rdata_i = l2Pending.front().second;
      l2Pending.pop_front();
    } else {
      top->l2_rsp_rvalid_i = 0;
    }
    period();
    if (stuckCycles) setCycleCounter(top, heldCycles);
    cycle++;
  }
  if (fill) std::fwrite(buf, 4, fill, stdout);
  std::fflush(stdout);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpuSecs = double(std::clock() - c0) / CLOCKS_PER_SEC;
#if VM_TRACE
  if (tfp) { tfp->close(); delete tfp; }
#endif
  if (l2OutPath) {
    FILE* f = std::fopen(l2OutPath, "wb");
    if (!f || std::fwrite(m.l2.bytes.data(), 1, m.l2.bytes.size(), f) != m.l2.bytes.size()) die(std::string("cannot write ") + l2OutPath);
    std::fclose(f);
  }
  if (timeline) { std::fprintf(timeline, "%llu -1 -1\n", (unsigned long long)cycle); std::fclose(timeline); }
  auto list = [&](const uint64_t* v) {
    std::string s = "[";
    for (int i = 0; i < FLEXV_CORES; i++) s += (i ? "," : "") + std::to_string(v[i]);
    return s + "]";
  };
  uint64_t requests[FLEXV_CORES + 1], conflicts[FLEXV_CORES + 1], tstalls[FLEXV_CORES + 1];
  for (int i = 0; i < FLEXV_CORES; i++) { requests[i] = *core[i].tcdm_requests; conflicts[i] = *core[i].tcdm_conflicts; tstalls[i] = *core[i].tcdm_stalls; }
  std::fprintf(stderr,
               "{\"reason\":\"%s\",\"value\":%u,\"cycles\":%llu,\"seconds\":%.6f,\"cpuSeconds\":%.6f,\"instret\":%s,\"stallCycles\":%s,\"sleepCycles\":%s,"
               "\"tcdmRequests\":%s,\"tcdmConflicts\":%s,\"tcdmStalls\":%s,\"dma\":{\"requests\":%u,\"conflicts\":%u,\"stalls\":%u}}\n",
               reason.c_str(), value, (unsigned long long)cycle, secs, cpuSecs, list(instret).c_str(), list(stallCycles).c_str(), list(sleepCycles).c_str(),
               list(requests).c_str(), list(conflicts).c_str(), list(tstalls).c_str(), dmaCounter(top, 0), dmaCounter(top, 1), dmaCounter(top, 2));
  top->final();
  delete top;
  delete ctx;
  return 0;
}
