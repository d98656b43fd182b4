#pragma once
#include <sstream>
#include <string>
#include <vector>

namespace ksince {

// The lines of `text`, without their "\n" (a last line without one counts).
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace ksince
