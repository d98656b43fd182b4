// One C extractor's extract() (chosen at build time by KSINCE_FUZZ_EXTRACTOR):
// any text gives facts or ksince::Error, never a crash.
#include <cstdint>
#include <string_view>

#include "util/error.h"
#include "facts/func_proto_extractor.h"
#include "facts/helper_defs_extractor.h"
#include "facts/kfunc_extractor.h"
#include "facts/uapi_enum_extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const KSINCE_FUZZ_EXTRACTOR extractor;
  try {
    extractor.extract(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const ksince::Error&) {
  }
  return 0;
}
