#pragma once
#include <string>

namespace ksince {

// A string as go-yaml v3 (the reference's encoder) writes it: plain where
// YAML reads it back as the same string, double-quoted where plain would
// read as another type (empty, null, bool, number), single-quoted where plain
// is not allowed (indicators, ": ", " #", edge spaces).
std::string yaml_scalar(const std::string& s);

}  // namespace ksince
