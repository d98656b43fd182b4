#pragma once
#include <string>

#include "facts/extractor.h"

namespace ksince {

// Helpers as include/uapi/linux/bpf.h defines them (SPEC "Facts derived from
// the source"; docs/semantics.md "Helper definitions").
//
// extract(): the FN list (name, id, line), the documentation block (enough to
// write bpf_helper_defs.h) and the unknowns, as uapi_helpers.h's to_json().
// resolve(): one fact per FN entry of the file at include/uapi/linux/bpf.h,
// except unspec: kind "helper", key "bpf_<name>" (a name the list already
// prefixes, as v5.10's FN(bpf_per_cpu_ptr), is kept as it is and also given
// as attrs "list_name"), attrs {"id": N or null, "documented": bool}, the FN
// entry's file and line. Other paths give nothing.
class HelperDefsExtractor : public Extractor {
 public:
  static constexpr const char* kPath = "include/uapi/linux/bpf.h";

  std::string name() const override { return "helper_defs"; }
  int version() const override { return 1; }
  std::vector<std::string> trigger_regexes() const override;
  nlohmann::json extract(std::string_view text) const override;
  ResolvedFacts resolve(const std::vector<ExtractedFile>& files) const override;
};

// bpf_helper_defs.h written from what extract() said of a bpf.h (for
// `ksince export --format bpf-helper-defs`). Throws ksince::Error naming
// `source_name:line` where scripts/bpf_doc.py would refuse the file.
std::string write_helper_defs_from_extract(const nlohmann::json& local, const std::string& source_name);

}  // namespace ksince
