// The patterns file (patterns.yaml): parse_pattern_set on any bytes either
// reads them or throws ksince::Error; anything else is a finding.
#include <cstdint>
#include <string>

#include "util/error.h"
#include "scan/pattern_set.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    ksince::parse_pattern_set(std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
  } catch (const ksince::Error&) {
  }
  return 0;
}
