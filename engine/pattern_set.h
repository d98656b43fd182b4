#pragma once
#include <string>
#include <vector>

#include "matcher.h"

namespace ksince {

struct Pattern {
  std::string group;
  std::string name;
  MatchSpec match;
  int line = 0;  // 1-based line in the patterns file, for messages
  // Where the pattern is listed among all listings of the file, in file
  // order; an entry listed again identically in its group is one pattern with
  // the later places in `repeats` (the exports list it at each of them).
  int position = 0;
  std::vector<int> repeats;
};

// A patterns file in the reference's format (SPEC "Inputs"): pathspecs, tag
// regexes, and named patterns in groups, kept in file order.
struct PatternSet {
  std::string path;
  std::string digest;  // fingerprint of the file's bytes, to notice edits
  std::vector<std::string> files;
  std::vector<std::string> tags;
  std::vector<std::string> groups;  // group names in file order
  std::vector<Pattern> patterns;    // in file order, each once
  std::vector<std::string> warnings;  // file:line:column: what, and the fix
};

// Parses and validates; every error names file:line:column and the fix.
PatternSet load_pattern_set(const std::string& path);
PatternSet parse_pattern_set(const std::string& text, const std::string& path);

}  // namespace ksince
