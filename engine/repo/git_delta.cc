#include "repo/git_delta.h"

#include <cstdint>
#include <cstring>

#include "util/error.h"

namespace ksince {

namespace {

// The delta's two leading sizes: 7 bits a byte, least significant first.
uint64_t read_size(const unsigned char*& p, const unsigned char* end) {
  uint64_t v = 0;
  for (unsigned shift = 0; p < end && shift < 64; shift += 7) {
    unsigned char c = *p++;
    v |= uint64_t(c & 0x7f) << shift;
    if (!(c & 0x80)) return v;
  }
  throw Error("malformed git delta: its header is cut short");
}

}  // namespace

uint64_t git_delta_result_size(std::string_view delta) {
  auto p = reinterpret_cast<const unsigned char*>(delta.data());
  const unsigned char* end = p + delta.size();
  read_size(p, end);
  return read_size(p, end);
}

void apply_git_delta(std::string_view base, std::string_view delta, std::string& out, uint64_t limit) {
  auto p = reinterpret_cast<const unsigned char*>(delta.data());
  const unsigned char* end = p + delta.size();
  uint64_t base_size = read_size(p, end);
  uint64_t result_size = read_size(p, end);
  if (base_size != base.size())
    throw Error(cat("malformed git delta: made for a base of ", base_size, " bytes, given ", base.size()));
  if (result_size > limit)
    throw Error(cat("git delta makes ", result_size, " bytes, more than the ", limit, " read here"));
  out.resize(result_size);
  size_t at = 0;
  while (p < end) {
    unsigned char op = *p++;
    if (op & 0x80) {  // copy from the base: which bytes of offset and size follow is in op's bits
      uint64_t off = 0, len = 0;
      for (unsigned i = 0; i < 4; i++)
        if (op & (1u << i)) {
          if (p == end) throw Error("malformed git delta: a copy is cut short");
          off |= uint64_t(*p++) << (8 * i);
        }
      for (unsigned i = 0; i < 3; i++)
        if (op & (0x10u << i)) {
          if (p == end) throw Error("malformed git delta: a copy is cut short");
          len |= uint64_t(*p++) << (8 * i);
        }
      if (len == 0) len = 0x10000;
      if (off + len > base.size() || len > result_size - at)
        throw Error("malformed git delta: a copy reaches past the base or the result");
      std::memcpy(out.data() + at, base.data() + off, len);
      at += len;
    } else if (op) {  // insert the next op bytes
      if (size_t(end - p) < op || op > result_size - at)
        throw Error("malformed git delta: an insert reaches past the delta or the result");
      std::memcpy(out.data() + at, p, op);
      p += op;
      at += op;
    } else {
      throw Error("malformed git delta: opcode 0 is reserved");
    }
  }
  if (at != result_size)
    throw Error(cat("malformed git delta: it makes ", at, " bytes, its header says ", result_size));
}

}  // namespace ksince
