#pragma once
#include "facts/extractor.h"

namespace ksince {

// The members of the uapi enums that name eBPF's kinds of things, from
// include/uapi/linux/bpf.h: program types (enum bpf_prog_type), map types
// (enum bpf_map_type) and attach types (enum bpf_attach_type). A member's
// presence at a tree is its definition in that enum, not any mention of the
// name: kinds "prog_type", "map_type", "attach_type", key = the member.
// Members spelled with two leading underscores (__MAX_BPF_ATTACH_TYPE) are
// bookkeeping, not kinds, and are left out.
class UapiEnumExtractor : public Extractor {
 public:
  std::string name() const override { return "uapi_enums"; }
  int version() const override { return 1; }
  std::vector<std::string> trigger_regexes() const override;
  nlohmann::json extract(std::string_view text) const override;
  ResolvedFacts resolve(const std::vector<ExtractedFile>& files) const override;
};

}  // namespace ksince
