// The feature-versions data file (imported_facts.h parse_data_file).
#include "util/error.h"
#include "fuzz_file.h"
#include "store/imported_facts.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string path = ksince::fuzz::write_input(data, size, "-feature-versions.yaml");
  try {
    ksince::parse_data_file(path);
  } catch (const ksince::Error&) {
  }
  return 0;
}
