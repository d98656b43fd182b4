// The kfuncs data file (kfunc_data.h parse_kfuncs_file).
#include "util/error.h"
#include "fuzz_file.h"
#include "docs/kfunc_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string path = ksince::fuzz::write_input(data, size, "-kfuncs.yaml");
  try {
    ksince::parse_kfuncs_file(path);
  } catch (const ksince::Error&) {
  }
  return 0;
}
