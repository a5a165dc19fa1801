// flexv module harness: drives one Verilated model from a TypeScript process over stdin/stdout.
//
// The model-specific part (which Verilated class, its ports, the opcode values) comes from the generated
// header "flexv_model.h" written by src/sim/codegen.ts; this file is the same for every model, so the
// protocol lives in one place (src/sim/protocol.ts describes it, codegen.ts emits the opcodes).
//
// Protocol (little-endian; values are 32-bit words, least significant first, copied in host order, which
// is little-endian on every machine flexv targets):
//   request  = opcode byte, then its operands
//   reply    = payload, then one status byte (0 ok, 1 the design executed $finish)
// Only PEEK, BATCH, SYNC and UNTIL reply; the others are fire-and-forget, so the TypeScript side can
// pipeline them and pay one round trip per wait. Replies go to a duplicate of the original stdout; the
// design's own prints are sent to stderr.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include "verilated.h"

// What the generated header binds each port to: the model's storage and its shape.
struct FlexvPortRef {
    void* ptr;        // CData/SData/IData/QData or the first word of a VlWide
    uint8_t bytes;    // 1, 2, 4, 8, or 0 for VlWide
    uint16_t words;   // 32-bit words on the wire
    uint32_t topMask; // mask of the most significant word (width % 32 bits)
    bool input;
    const char* name;
};

static inline uint32_t flexvTopMask(int width) {
    return (width % 32) == 0 ? 0xffffffffu : ((1u << (width % 32)) - 1u);
}
static inline FlexvPortRef flexvRef(CData& v, const char* n, int w, bool in) { return {&v, 1, 1, flexvTopMask(w), in, n}; }
static inline FlexvPortRef flexvRef(SData& v, const char* n, int w, bool in) { return {&v, 2, 1, flexvTopMask(w), in, n}; }
static inline FlexvPortRef flexvRef(IData& v, const char* n, int w, bool in) { return {&v, 4, 1, flexvTopMask(w), in, n}; }
static inline FlexvPortRef flexvRef(QData& v, const char* n, int w, bool in) {
    return {&v, 8, static_cast<uint16_t>(w > 32 ? 2 : 1), flexvTopMask(w), in, n};
}
template <std::size_t N>
static inline FlexvPortRef flexvRef(VlWide<N>& v, const char* n, int w, bool in) {
    return {v.data(), 0, static_cast<uint16_t>(N), flexvTopMask(w), in, n};
}

#include "flexv_model.h"

#if VM_TRACE
#include "verilated_fst_c.h"
#endif

namespace {

int flexvProtocolFd = 1;

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "flexv harness: %s\n", what);
    std::exit(3);
}

// Buffered stdin: requests arrive in large pipelined chunks.
class Reader {
  public:
    void read(void* dst, size_t n) {
        auto* out = static_cast<uint8_t*>(dst);
        while (n > 0) {
            if (pos_ == end_) fill();
            size_t k = std::min(n, end_ - pos_);
            std::memcpy(out, buf_ + pos_, k);
            pos_ += k, out += k, n -= k;
        }
    }
    // Returns false at a clean end of input (between requests).
    bool readOp(uint8_t& op) {
        if (pos_ == end_ && !fill(true)) return false;
        op = buf_[pos_++];
        return true;
    }
    uint8_t u8() { uint8_t v; read(&v, 1); return v; }
    uint16_t u16() { uint8_t b[2]; read(b, 2); return static_cast<uint16_t>(b[0] | (b[1] << 8)); }
    uint32_t u32() { uint8_t b[4]; read(b, 4); return b[0] | (b[1] << 8) | (b[2] << 16) | (uint32_t(b[3]) << 24); }

  private:
    bool fill(bool eofOk = false) {
        for (;;) {
            ssize_t r = ::read(0, buf_, sizeof buf_);
            if (r > 0) { pos_ = 0, end_ = static_cast<size_t>(r); return true; }
            if (r == 0) { if (eofOk) return false; die("input ended in the middle of a request"); }
            if (errno != EINTR) die("cannot read stdin");
        }
    }
    uint8_t buf_[1 << 16];
    size_t pos_ = 0, end_ = 0;
};

// Buffered stdout, flushed at the end of each reply (and when full, for long batches).
class Writer {
  public:
    void write(const void* src, size_t n) {
        auto* in = static_cast<const uint8_t*>(src);
        while (n > 0) {
            if (len_ == sizeof buf_) flush();
            size_t k = std::min(n, sizeof buf_ - len_);
            std::memcpy(buf_ + len_, in, k);
            len_ += k, in += k, n -= k;
        }
    }
    void u8(uint8_t v) { write(&v, 1); }
    void flush() {
        size_t off = 0;
        while (off < len_) {
            ssize_t w = ::write(flexvProtocolFd, buf_ + off, len_ - off);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) std::exit(0);  // the TypeScript side went away: nothing left to answer
            off += static_cast<size_t>(w);
        }
        len_ = 0;
    }

  private:
    uint8_t buf_[1 << 16];
    size_t len_ = 0;
};

// Words on the wire <-> the model's storage. Inputs are range-checked on the TypeScript side; the
// top word is still masked so a bad client cannot set bits Verilator assumes are zero.
inline void poke(const FlexvPortRef& p, const uint32_t* w) {
    switch (p.bytes) {
    case 1: *static_cast<uint8_t*>(p.ptr) = static_cast<uint8_t>(w[0] & p.topMask); break;
    case 2: *static_cast<uint16_t*>(p.ptr) = static_cast<uint16_t>(w[0] & p.topMask); break;
    case 4: *static_cast<uint32_t*>(p.ptr) = w[0] & p.topMask; break;
    case 8: {
        uint64_t v = p.words == 2 ? (uint64_t(w[1] & p.topMask) << 32) | w[0] : (w[0] & p.topMask);
        *static_cast<uint64_t*>(p.ptr) = v;
        break;
    }
    default: {
        auto* d = static_cast<uint32_t*>(p.ptr);
        for (int i = 0; i < p.words; ++i) d[i] = w[i];
        d[p.words - 1] &= p.topMask;
    }
    }
}

inline void peek(const FlexvPortRef& p, uint32_t* w) {
    switch (p.bytes) {
    case 1: w[0] = *static_cast<uint8_t*>(p.ptr) & p.topMask; break;
    case 2: w[0] = *static_cast<uint16_t*>(p.ptr) & p.topMask; break;
    case 4: w[0] = *static_cast<uint32_t*>(p.ptr) & p.topMask; break;
    case 8: {
        uint64_t v = *static_cast<uint64_t*>(p.ptr);
        w[0] = static_cast<uint32_t>(v);
        if (p.words == 2) w[1] = static_cast<uint32_t>(v >> 32) & p.topMask;
        else w[0] &= p.topMask;
        break;
    }
    default: {
        auto* s = static_cast<const uint32_t*>(p.ptr);
        for (int i = 0; i < p.words; ++i) w[i] = s[i];
        w[p.words - 1] &= p.topMask;
    }
    }
}

class Harness {
  public:
    Harness(const char* fstPath, const char* randSeed) : ctx_(new VerilatedContext) {
        // Keep the harness's own options out of Verilator's plusarg parsing. With a seed, every register
        // and memory starts from a reproducible random value instead of zero, so a design that forgets
        // to reset something cannot pass by luck.
        std::string seedArg = std::string("+verilator+seed+") + (randSeed ? randSeed : "1");
        const char* vargs[] = {"harness", seedArg.c_str(), "+verilator+rand+reset+2"};
        ctx_->commandArgs(randSeed ? 3 : 2, vargs);
#if VM_TRACE
        if (fstPath) ctx_->traceEverOn(true);  // before the model exists, so it registers its signals
#endif
        model_.reset(new FlexvModel(ctx_.get()));
        flexvBindPorts(*model_, ports_);
        // Inputs start at 0 (random initialisation applies to state, not to what the caller drives).
        for (const FlexvPortRef& p : ports_) {
            if (!p.input || p.ptr == nullptr) continue;
            std::vector<uint32_t> zero(p.words, 0);
            poke(p, zero.data());
        }
#if VM_TRACE
        if (fstPath) {
            trace_.reset(new VerilatedFstC);
            model_->trace(trace_.get(), 99);
            trace_->open(fstPath);
        }
#else
        if (fstPath) die("this model was built without FST support (build it with trace enabled)");
#endif
#if FLEXV_RESET_PORT >= 0
        uint32_t idle = FLEXV_RESET_IDLE;  // start out of reset; reset() asserts it explicitly
        poke(ports_[FLEXV_RESET_PORT], &idle);
#endif
        model_->eval();  // the first dump comes with the first request, so TRACE 0 can skip time 0
    }
    ~Harness() {
        model_->final();
#if VM_TRACE
        if (trace_) { dumpHere(); trace_->close(); }
#endif
    }

    void run() {
        uint8_t op;
        std::vector<uint32_t> words;
        while (in_.readOp(op)) {
            switch (op) {
            case FLEXV_OP_POKE: {
                const FlexvPortRef& p = port(in_.u16());
                words.resize(p.words);
                in_.read(words.data(), p.words * 4u);
                poke(p, words.data());
                dirty_ = true;
                break;
            }
            case FLEXV_OP_PEEK: {
                const FlexvPortRef& p = port(in_.u16());
                settle();
                words.resize(p.words);
                peek(p, words.data());
                out_.write(words.data(), p.words * 4u);
                reply();
                break;
            }
            case FLEXV_OP_EVAL: evalAndDump(); break;
            case FLEXV_OP_STEP: {
                uint32_t n = in_.u32();
                for (uint32_t i = 0; i < n; ++i) cycle();
                break;
            }
            case FLEXV_OP_BATCH: batch(); break;
            case FLEXV_OP_SYNC: {
                uint64_t t = ctx_->time();
                out_.write(&t, 8);
                reply();
                break;
            }
            case FLEXV_OP_UNTIL: {
                const FlexvPortRef& p = port(in_.u16());
                uint32_t max = in_.u32();
                std::vector<uint32_t> want(p.words), have(p.words);
                in_.read(want.data(), p.words * 4u);
                uint32_t n = 0;
                bool met = false;
                for (;;) {
                    settle();
                    peek(p, have.data());
                    met = have == want;
                    if (met || n == max || ctx_->gotFinish()) break;
                    cycle();
                    ++n;
                }
                out_.write(&n, 4);
                out_.u8(met ? 1 : 0);
                reply();
                break;
            }
            case FLEXV_OP_TRACE: {
                bool on = in_.u8() != 0;
                bool resumed = on && !tracing_;
                tracing_ = on;
                if (resumed) dumpHere();  // the window opens with the state as it is now
                break;
            }
            case FLEXV_OP_QUIT: return;
            default: {
                char msg[64];
                std::snprintf(msg, sizeof msg, "unknown request opcode %u", op);
                die(msg);
            }
            }
        }
    }

  private:
    const FlexvPortRef& port(uint16_t idx) {
        if (idx >= FLEXV_NUM_PORTS) die("port index out of range");
        return ports_[idx];
    }
    void reply() {
        out_.u8(ctx_->gotFinish() ? 1 : 0);
        out_.flush();
    }
    void dumpHere() {
#if VM_TRACE
        if (trace_ && tracing_) trace_->dump(ctx_->time());
#endif
    }
    // Pokes are applied lazily: the model is evaluated before anything reads it.
    void settle() {
        if (dirty_) evalAndDump();
    }
    void evalAndDump() {
        model_->eval();
        dirty_ = false;
        dumpHere();
#if FLEXV_CLOCK_PORT < 0
        ctx_->timeInc(1);  // combinational: every evaluation is its own instant in the waveform
#endif
    }
    // One clock cycle: inputs poked before it are sampled at the rising edge; afterwards the clock is low
    // again and outputs show the new state. Two time units per cycle in the waveform.
    void cycle() {
#if FLEXV_CLOCK_PORT >= 0
        uint32_t one = 1, zero = 0;
        settle();
        ctx_->timeInc(1);
        poke(ports_[FLEXV_CLOCK_PORT], &one);
        model_->eval();
        dumpHere();
        ctx_->timeInc(1);
        poke(ports_[FLEXV_CLOCK_PORT], &zero);
        model_->eval();
        dumpHere();
#else
        die("step on a module without a clock");
#endif
    }
    // BATCH cycles nin nout in_idx[nin] out_idx[nout], then per cycle the input words; replies per
    // cycle the output words sampled after the inputs settle and before the clock edge.
    void batch() {
        uint32_t cycles = in_.u32();
        uint16_t nin = in_.u16(), nout = in_.u16();
        std::vector<const FlexvPortRef*> ins(nin), outs(nout);
        uint32_t inWords = 0, outWords = 0;
        for (auto& p : ins) { p = &port(in_.u16()); inWords += p->words; }
        for (auto& p : outs) { p = &port(in_.u16()); outWords += p->words; }
        std::vector<uint32_t> iw(inWords), ow(outWords);
        for (uint32_t c = 0; c < cycles; ++c) {
            in_.read(iw.data(), inWords * 4u);
            const uint32_t* src = iw.data();
            for (auto* p : ins) { poke(*p, src); src += p->words; }
            evalAndDump();
            uint32_t* dst = ow.data();
            for (auto* p : outs) { peek(*p, dst); dst += p->words; }
            out_.write(ow.data(), outWords * 4u);
#if FLEXV_CLOCK_PORT >= 0
            cycle();
#endif
        }
        reply();
    }

    std::unique_ptr<VerilatedContext> ctx_;
    std::unique_ptr<FlexvModel> model_;
#if VM_TRACE
    std::unique_ptr<VerilatedFstC> trace_;
#endif
    FlexvPortRef ports_[FLEXV_NUM_PORTS] = {};
    Reader in_;
    Writer out_;
    bool dirty_ = true;
    bool tracing_ = true;  // TRACE pauses it, to keep only a window of a long run
};

}  // namespace

int main(int argc, char** argv) {
    // The protocol gets its own descriptor; the design's $display and Verilator's own messages, which
    // print to stdout, go to stderr instead, where the TypeScript side collects them.
    int proto = ::dup(1);
    if (proto < 0 || ::dup2(2, 1) < 0) die("cannot set up the protocol descriptor");
    flexvProtocolFd = proto;
    const char* fst = nullptr;
    const char* randSeed = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--fst") == 0 && i + 1 < argc) fst = argv[++i];
        else if (std::strcmp(argv[i], "--random-init") == 0 && i + 1 < argc) randSeed = argv[++i];
        else die("usage: harness [--fst file.fst] [--random-init seed]");
    }
    {
        Harness h(fst, randSeed);
        h.run();
    }
    return 0;
}
