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

// An object the repository does not have: a partial clone's blob, a shallow
// clone's commit, or a damaged repository. Callers that can go on without it
// (the commit search) catch this one.
class MissingObject : public Error {
 public:
  using Error::Error;
};

// A value the caller passed that does not fit, named by its option (e.g.
// "at", "from"): the library says what is wrong with it, and the CLI names
// its own flag for that option.
class InputError : public Error {
 public:
  InputError(std::string option, const std::string& what) : Error(what), option_(std::move(option)) {}
  const std::string& option() const { return option_; }

 private:
  std::string option_;
};

// Concatenates anything streamable: throw Error(cat(path, ":", line, ": ", why)).
template <typename... Args>
std::string cat(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

}  // namespace ksince
