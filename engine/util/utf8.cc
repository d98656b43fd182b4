#include "util/utf8.h"

#include <string>

namespace ksince {

size_t invalid_utf8_offset(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    size_t n;
    unsigned char lo = 0x80, hi = 0xbf;  // the second byte's range
    if (c < 0x80) { i++; continue; }
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c == 0xe0) { n = 2; lo = 0xa0; }
    else if (c == 0xed) { n = 2; hi = 0x9f; }
    else if (c >= 0xe1 && c <= 0xef) n = 2;
    else if (c == 0xf0) { n = 3; lo = 0x90; }
    else if (c == 0xf4) { n = 3; hi = 0x8f; }
    else if (c >= 0xf1 && c <= 0xf3) n = 3;
    else return i;
    if (i + n >= s.size()) return i;  // cut short
    for (size_t k = 1; k <= n; k++) {
      unsigned char b = s[i + k];
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xbf)) return i;
    }
    i += n + 1;
  }
  return std::string_view::npos;
}

}  // namespace ksince
