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
};

// A patterns file in the reference's format (SPEC "Inputs"): pathspecs, tag
// regexes, and named patterns in groups, kept in file order.
struct PatternSet {
  std::string path;
  std::string digest;  // fingerprint of the file's bytes, to notice edits
  std::vector<std::string> files;
  std::vector<std::string> tags;
  std::vector<std::string> groups;  // group names in file order
  std::vector<Pattern> patterns;    // in file order
};

// Parses and validates; every error names file:line:column and the fix.
PatternSet load_pattern_set(const std::string& path);
PatternSet parse_pattern_set(const std::string& text, const std::string& path);

}  // namespace ksince
