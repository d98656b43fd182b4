#pragma once
#include <sstream>
#include <stdexcept>
#include <string>

namespace ksince {

// Every failure inside the library is an Error whose message says what went
// wrong, where, and (when we know) how to fix it. Only the CLI turns it into
// text on stderr and an exit status.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

// Concatenates anything streamable: throw Error(cat(path, ":", line, ": ", why)).
template <typename... Args>
std::string cat(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

}  // namespace ksince
