// The BTF reader (btf_signature.h): a file libbpf takes must give its kfuncs,
// their signatures and an enum's values, or a ksince::Error; never a crash
// or a recursion without end.
#include <cstdint>
#include <string>

#include "docs/btf_signature.h"
#include "util/error.h"
#include "fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string path = ksince::fuzz::write_input(data, size, ".btf");
  try {
    ksince::Btf btf(path);
    for (const std::string& k : btf.kfuncs()) btf.signature(k);
    btf.enum_values("bpf_prog_type");
  } catch (const ksince::Error&) {
  }
  return 0;
}
