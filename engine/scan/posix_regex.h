#pragma once
#include <regex.h>

#include <string>
#include <vector>

namespace ksince {

// One POSIX extended regex compiled by glibc exactly as `git grep -E` compiles
// it (REG_EXTENDED | REG_NEWLINE), in the C locale whatever the process's
// locale: this is the exact matcher that decides what Hyperscan only proposes.
class PosixRegex {
 public:
  // Throws Error with glibc's own reason when glibc refuses the regex (git
  // grep refuses it too).
  explicit PosixRegex(const std::string& ere);
  ~PosixRegex();
  PosixRegex(const PosixRegex&) = delete;
  PosixRegex& operator=(const PosixRegex&) = delete;

  // glibc's leftmost-longest match in [b, e) (REG_STARTEND, so NUL bytes are
  // text); false when none.
  bool exec(const char* b, const char* e, int eflags, regmatch_t& m) const;

  // git grep -w on one line [bol, eol): the match must be a whole word and
  // not empty; if it is not, git tries again from the next position that
  // follows a non-word byte, as a new string with REG_NOTBOL.
  bool word_match_in_line(const char* bol, const char* eol) const;

 private:
  regex_t re_;
};

// git grep -q -w over a whole buffer with every regex of `res` as an -e
// pattern: git's look-ahead (one search from the current line to the end of
// the buffer for the earliest match of any pattern), then the line of that
// match tested with every pattern, then on from the next line. This is the
// exact answer even for \` and \', which mean the buffer's ends to the
// look-ahead and the line's ends to the line test.
bool grep_word_in_buffer(const std::vector<const PosixRegex*>& res, const char* data, size_t len);

}  // namespace ksince
