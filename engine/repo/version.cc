#include "repo/version.h"

#include <algorithm>
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

namespace {

// The byte at i, and NUL past the end, as C strings read (tag names hold no NUL).
unsigned char at(std::string_view s, size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0; }
// ASCII only, as git's sane_ctype isdigit, whatever the locale.
bool digit(unsigned char c) { return c >= '0' && c <= '9'; }
// The symbol class of strverscmp's automaton: 0 other, 1 [1-9], 2 '0'.
int symbol(unsigned char c) { return (c == '0') + digit(c); }

// Does "-rc" start at some offset in [off - 3, off] (clamped at 0)? That is,
// does a suffix contain the first difference or end right before it.
bool rc_suffix_near(std::string_view s, size_t off) {
  constexpr std::string_view kSuffix = "-rc";
  for (size_t i = off > kSuffix.size() ? off - kSuffix.size() : 0; i <= off; i++)
    if (s.substr(std::min(i, s.size())).starts_with(kSuffix)) return true;
  return false;
}

}  // namespace

int git_version_compare(std::string_view s1, std::string_view s2) {
  // strverscmp's states, each a row of 3 (one per symbol class): normal,
  // integral part, fractional part, leading zeroes only.
  enum : int { N = 0, I = 3, F = 6, Z = 9 };
  enum : int { CMP = 2, LEN = 3 };
  static constexpr int next_state[] = {N, I, Z, N, I, I, N, F, F, N, F, Z};
  static constexpr int result_type[] = {
      // x/x  x/d  x/0  d/x  d/d  d/0  0/x  0/d  0/0
      CMP, CMP, CMP, CMP, LEN, CMP, CMP, CMP, CMP,  // N
      CMP, -1,  -1,  +1,  LEN, LEN, +1,  LEN, LEN,  // I
      CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP,  // F
      CMP, +1,  +1,  -1,  CMP, CMP, -1,  CMP, CMP,  // Z
  };

  size_t i = 0;
  unsigned char c1 = at(s1, 0), c2 = at(s2, 0);
  int state = N + symbol(c1);
  int diff;
  while ((diff = int(c1) - int(c2)) == 0) {
    if (c1 == 0) return 0;
    state = next_state[state];
    i++;
    c1 = at(s1, i);
    c2 = at(s2, i);
    state += symbol(c1);
  }

  // git's versionsort.suffix: a pre-release sorts before whatever differs from
  // it there; with the suffix on both sides the rest decides.
  bool rc1 = rc_suffix_near(s1, i), rc2 = rc_suffix_near(s2, i);
  if (rc1 != rc2) return rc1 ? -1 : 1;

  switch (int r = result_type[state * 3 + symbol(c2)]) {
    case CMP:
      return diff;
    case LEN: {
      // Two numbers at the same place: the longer one is bigger; at equal
      // length, the first different digit decides.
      size_t j = i + 1;
      for (; digit(at(s1, j)); j++)
        if (!digit(at(s2, j))) return 1;
      return digit(at(s2, j)) ? -1 : diff;
    }
    default:
      return r;
  }
}

namespace {

// dpkg's lib/dpkg/version.c: the weight of a non-digit (0 for the end).
int dpkg_order(unsigned char c) {
  if (c >= '0' && c <= '9') return 0;
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return c;
  if (c == '~') return -1;
  return c ? c + 256 : 0;
}

}  // namespace

int dpkg_version_compare(std::string_view a, std::string_view b) {
  auto at = [](std::string_view s, size_t i) -> unsigned char { return i < s.size() ? s[i] : 0; };
  auto digit = [](unsigned char c) { return c >= '0' && c <= '9'; };
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    while ((i < a.size() && !digit(a[i])) || (j < b.size() && !digit(b[j]))) {
      int ac = dpkg_order(at(a, i)), bc = dpkg_order(at(b, j));
      if (ac != bc) return ac - bc;
      i++, j++;
    }
    while (at(a, i) == '0') i++;
    while (at(b, j) == '0') j++;
    int first_diff = 0;
    while (digit(at(a, i)) && digit(at(b, j))) {
      if (!first_diff) first_diff = int(at(a, i)) - int(at(b, j));
      i++, j++;
    }
    if (digit(at(a, i))) return 1;
    if (digit(at(b, j))) return -1;
    if (first_diff) return first_diff;
  }
  return 0;
}

}  // namespace ksince
