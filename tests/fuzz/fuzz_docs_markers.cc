// The FEATURE_TAG marker parser (docs_markers.h rewrite_page): any page is
// rewritten or refused with ksince::Error, and, as documented, rewriting the
// result again changes nothing.
#include <cstdint>
#include <string>

#include "docs/docs_markers.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  // Some names have a version and a commit, some a version only, the rest
  // nothing: every branch of the rewrite is reachable.
  ksince::FactLookup facts = [](const std::string& name) -> std::optional<ksince::MarkerFact> {
    if (name.empty()) return std::nullopt;
    switch (name.size() % 3) {
      case 0: return ksince::MarkerFact{"v4.8", "0123456789abcdef0123456789abcdef01234567"};
      case 1: return ksince::MarkerFact{"v5.2", ""};
      default: return std::nullopt;
    }
  };
  try {
    ksince::PageResult once = ksince::rewrite_page("fuzz.md", text, facts);
    ksince::PageResult twice = ksince::rewrite_page("fuzz.md", once.text, facts);
    if (twice.changed || twice.text != once.text) __builtin_trap();
  } catch (const ksince::Error&) {
  }
  return 0;
}
