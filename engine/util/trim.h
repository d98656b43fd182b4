#pragma once
#include <string_view>

namespace ksince {

// ASCII white space off both ends (Go's strings.TrimSpace for ASCII text, as
// the docs site's generators trim).
inline std::string_view trim_space(std::string_view s) {
  const char* ws = " \t\n\v\f\r";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

}  // namespace ksince
