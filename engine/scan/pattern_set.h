#pragma once
#include <string>
#include <vector>

#include "store/patterns_file.h"

namespace ksince {

// Parses and validates; every error names file:line:column and the fix.
PatternSet load_pattern_set(const std::string& path);
PatternSet parse_pattern_set(const std::string& text, const std::string& path);

}  // namespace ksince
