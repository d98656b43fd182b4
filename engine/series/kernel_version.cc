#include "series/kernel_version.h"

namespace ksince {

namespace {

// Digits at `at` as a number (advancing `at`), nullopt when there are none
// or too many.
std::optional<uint64_t> number(const std::string& s, size_t& at) {
  size_t b = at;
  uint64_t n = 0;
  while (at < s.size() && s[at] >= '0' && s[at] <= '9' && at - b < 18) n = n * 10 + static_cast<uint64_t>(s[at++] - '0');
  if (at == b || (at < s.size() && s[at] >= '0' && s[at] <= '9')) return std::nullopt;
  return n;
}

}  // namespace

std::optional<KernelVersion> KernelVersion::parse(const std::string& text) {
  KernelVersion v;
  v.text = text;
  size_t at = !text.empty() && text[0] == 'v' ? 1 : 0;
  std::optional<uint64_t> major = number(text, at);
  if (!major || at >= text.size() || text[at] != '.') return std::nullopt;
  at++;
  std::optional<uint64_t> minor = number(text, at);
  if (!minor) return std::nullopt;
  v.series = std::to_string(*major) + "." + std::to_string(*minor);
  if (at < text.size() && text[at] == '.') {
    size_t p = at + 1;
    if (std::optional<uint64_t> point = number(text, p)) {
      v.point = point;
      at = p;
    }
  }
  v.rest = text.substr(at);
  // A release is X.Y alone (or X.Y-rcN): anything else after X.Y is not a
  // version of ours.
  if (!v.point && !v.rest.empty() && v.rest.rfind("-rc", 0) != 0) return std::nullopt;
  return v;
}

}  // namespace ksince
