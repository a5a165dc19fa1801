// flexv program image, shared by the harnesses (sim/core, sim/cluster): the file src/cosim/image.ts writes
// (magic "FXVI", the memory map, entry, tohost, then the loadable segments, little-endian 32-bit words),
// so the memory map is never repeated in C++. Each harness places the segments itself: the core into byte
// regions, the cluster into its L2 and, word by word, into the RTL's TCDM banks.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace flexv {

const uint32_t IMAGE_MAGIC = 0x49565846;  // "FXVI"
const uint32_t NO_TOHOST = 0xffffffffu;

/** Ends the harness with a one-line JSON error on stderr (the TypeScript side reports it). */
[[noreturn]] inline void die(const std::string& msg) {
  std::fprintf(stderr, "{\"error\":\"%s\"}\n", msg.c_str());
  std::exit(3);
}

/** A byte-addressed memory: [base, base + bytes.size()). */
struct Region {
  uint32_t base = 0;
  std::vector<uint8_t> bytes;
  bool contains(uint32_t a) const { return a - base < bytes.size(); }
  bool containsWord(uint32_t a) const { return a - base < bytes.size() && a - base + 4 <= bytes.size(); }
  /** True when [a, a + len) lies inside. */
  bool holds(uint32_t a, uint64_t len) const { return contains(a) && a - base + len <= bytes.size(); }
};

/** The memory map and program facts of the image header. */
struct MemoryMap {
  uint32_t l2Base = 0, l2Size = 0, tcdmBase = 0, tcdmSize = 0;
  uint32_t periph = 0, periphSize = 0, offCores = 0, offCycles = 0, offEoc = 0;
  uint32_t entry = 0, tohost = NO_TOHOST;
};

struct Segment {
  uint32_t addr = 0;
  std::vector<uint8_t> bytes;
};

struct Image {
  MemoryMap map;
  std::vector<Segment> segments;
};

inline uint32_t readWord(FILE* f) {
  uint32_t v;
  if (std::fread(&v, 4, 1, f) != 1) die("truncated image");
  return v;
}

/** Reads an image file; a bad or truncated file ends the harness with an error naming the problem. */
inline Image readImage(const char* path) {
  FILE* f = std::fopen(path, "rb");
  if (!f) die(std::string("cannot open image ") + path);
  if (readWord(f) != IMAGE_MAGIC) die("not a flexv image");
  Image img;
  MemoryMap& m = img.map;
  m.l2Base = readWord(f);
  m.l2Size = readWord(f);
  m.tcdmBase = readWord(f);
  m.tcdmSize = readWord(f);
  m.periph = readWord(f);
  m.periphSize = readWord(f);
  m.offCores = readWord(f);
  m.offCycles = readWord(f);
  m.offEoc = readWord(f);
  m.entry = readWord(f);
  m.tohost = readWord(f);
  const uint32_t n = readWord(f);
  img.segments.resize(n);
  for (Segment& s : img.segments) {
    s.addr = readWord(f);
    const uint32_t len = readWord(f);
    // the length comes from the file: check it against the memory map before allocating it
    if (uint64_t(len) > uint64_t(m.l2Size) + m.tcdmSize) die("segment larger than the memory map");
    s.bytes.resize(len);
    if (len && std::fread(s.bytes.data(), 1, len, f) != len) die("truncated segment");
  }
  std::fclose(f);
  return img;
}

/** Copies a segment into a region that holds it whole. */
inline void placeBytes(Region& r, const Segment& s) {
  if (!s.bytes.empty()) std::copy(s.bytes.begin(), s.bytes.end(), r.bytes.begin() + (s.addr - r.base));
}

}  // namespace flexv
