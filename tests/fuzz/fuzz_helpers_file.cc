// The helpers-functions data file (helper_data.h parse_helpers_file).
#include "util/error.h"
#include "fuzz_file.h"
#include "docs/helper_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string path = ksince::fuzz::write_input(data, size, "-helpers-functions.yaml");
  try {
    ksince::parse_helpers_file(path);
  } catch (const ksince::Error&) {
  }
  return 0;
}
