#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "util/error.h"

namespace ksince {

// LEB128 unsigned varints: the identifier index's compact lists.
inline void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

// Reads one varint at pos (advanced past it); throws Error on a truncated or
// overlong one, naming `what`.
inline uint64_t get_varint(std::string_view in, size_t& pos, const char* what) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= in.size()) throw Error(cat(what, ": a varint list ends in the middle of a number"));
    uint8_t b = static_cast<uint8_t>(in[pos++]);
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  throw Error(cat(what, ": a varint longer than 64 bits"));
}

}  // namespace ksince
