#pragma once
#include <git2.h>

#include <array>
#include <compare>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace ksince {

// A SHA-1 object id as a plain value type, so it can key hash maps and be
// stored as a 20-byte BLOB in SQLite.
struct Oid {
  std::array<unsigned char, 20> bytes{};

  static Oid from_git(const git_oid& g) {
    Oid o;
    std::memcpy(o.bytes.data(), g.id, 20);
    return o;
  }
  static Oid from_raw(const void* p) {
    Oid o;
    std::memcpy(o.bytes.data(), p, 20);
    return o;
  }
  // 40 hex digits, else nullopt.
  static std::optional<Oid> from_hex(std::string_view hex) {
    git_oid g;
    if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstrn(&g, hex.data(), hex.size()) < 0) return std::nullopt;
    return from_git(g);
  }
  git_oid to_git() const {
    git_oid g;
    std::memcpy(g.id, bytes.data(), 20);
    return g;
  }
  std::string hex() const {
    static const char* digits = "0123456789abcdef";
    std::string s(40, '0');
    for (size_t i = 0; i < 20; i++) {
      s[2 * i] = digits[bytes[i] >> 4];
      s[2 * i + 1] = digits[bytes[i] & 15];
    }
    return s;
  }
  std::string_view raw() const {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }
  bool is_zero() const {
    for (unsigned char b : bytes)
      if (b) return false;
    return true;
  }
  auto operator<=>(const Oid&) const = default;
};

struct OidHash {
  size_t operator()(const Oid& o) const {
    size_t h;  // SHA-1 bytes are already uniformly distributed.
    std::memcpy(&h, o.bytes.data(), sizeof h);
    return h;
  }
};

}  // namespace ksince
