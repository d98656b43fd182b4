#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "util/error.h"

namespace ksince {

// FNV-1a over a sequence of strings: a stable fingerprint of inputs, for
// "did anything change since the last run" (std::hash is not stable).
struct Fingerprint {
  uint64_t h = 1469598103934665603ULL;
  Fingerprint& add(std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;  // a separator, so ("ab","c") != ("a","bc")
    return *this;
  }
  std::string hex() const { return cat(std::hex, h); }
};

}  // namespace ksince
