// The docs build's page scan (docs_build.h build_page): every block kind's
// markers found, replaced or refused with ksince::Error.
#include <cstdint>
#include <string>

#include "docs/docs_build.h"
#include "util/error.h"
#include "docs/helper_refs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  static const std::vector<ksince::BlockKind> kinds = [] {
    std::vector<ksince::BlockKind> k = ksince::helper_ref_kinds();
    k.push_back({"LIBBPF_TAG", "<!-- [LIBBPF_TAG] -->\n", "<!-- [/LIBBPF_TAG] -->\n"});
    return k;
  }();
  std::vector<ksince::Block> blocks;
  for (const auto& k : kinds) blocks.push_back({"fuzz.md", k.name, "generated\n"});
  std::map<std::string, const ksince::Block*> by_kind;
  for (const auto& b : blocks) by_kind[b.kind] = &b;
  try {
    ksince::build_page("fuzz.md", text, kinds, by_kind);
  } catch (const ksince::Error&) {
  }
  return 0;
}
