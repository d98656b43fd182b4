#include "version.h"

#include <cctype>

namespace ksince {

namespace {

bool read_number(const std::string& s, size_t& i, long& out) {
  size_t start = i;
  out = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    if (i - start > 9) return false;
    out = out * 10 + (s[i++] - '0');
  }
  return i > start;
}

}  // namespace

std::optional<Version> Version::parse(const std::string& s) {
  Version v;
  size_t i = (!s.empty() && s[0] == 'v') ? 1 : 0;
  long n;
  if (!read_number(s, i, n)) return std::nullopt;
  v.parts.push_back(n);
  while (i < s.size() && s[i] == '.') {
    i++;
    if (!read_number(s, i, n)) return std::nullopt;
    v.parts.push_back(n);
  }
  if (v.parts.size() < 2) return std::nullopt;
  if (i < s.size()) {
    if (s.compare(i, 3, "-rc") != 0) return std::nullopt;
    i += 3;
    if (!read_number(s, i, v.rc) || i != s.size()) return std::nullopt;
  }
  return v;
}

int Version::compare(const Version& o) const {
  size_t n = std::max(parts.size(), o.parts.size());
  for (size_t i = 0; i < n; i++) {
    long a = i < parts.size() ? parts[i] : 0;  // v6.1 == v6.1.0
    long b = i < o.parts.size() ? o.parts[i] : 0;
    if (a != b) return a < b ? -1 : 1;
  }
  // A release candidate comes before its release.
  long ra = rc < 0 ? (1L << 40) : rc, rb = o.rc < 0 ? (1L << 40) : o.rc;
  if (ra != rb) return ra < rb ? -1 : 1;
  return 0;
}

}  // namespace ksince
