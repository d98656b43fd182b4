#include "facts/helper_defs_extractor.h"

#include <set>

#include "facts/helper_defs_writer.h"
#include "facts/uapi_helpers.h"

namespace ksince {

std::vector<std::string> HelperDefsExtractor::trigger_regexes() const {
  // The three spellings of the helper list: the FN mapper with ids (v6.2+),
  // the one without (older), and the plain enum before the mapper.
  return {"___BPF_FUNC_MAPPER", "__BPF_FUNC_MAPPER", "BPF_FUNC_unspec"};
}

nlohmann::json HelperDefsExtractor::extract(std::string_view text) const {
  return to_json(parse_uapi_helpers(text));
}

ResolvedFacts HelperDefsExtractor::resolve(const std::vector<ExtractedFile>& files) const {
  ResolvedFacts out;
  for (const auto& file : files) {
    if (file.path != kPath || !file.local) continue;
    UapiHelpers h = uapi_helpers_from_json(*file.local);
    for (const auto& u : h.unknowns) out.unknowns.push_back({file.path, u.line, u.what});
    std::set<std::string> documented;
    for (const auto& d : h.docs) documented.insert(d.name);
    std::set<std::string> seen;
    for (const auto& fn : h.fns) {
      if (fn.name == "unspec") continue;
      // v5.10 listed FN(bpf_per_cpu_ptr) and FN(bpf_this_cpu_ptr) (enum
      // BPF_FUNC_bpf_per_cpu_ptr); its own documentation and every later
      // kernel call them bpf_per_cpu_ptr, so the prefix is not doubled.
      bool prefixed = fn.name.rfind("bpf_", 0) == 0;
      std::string key = prefixed ? fn.name : "bpf_" + fn.name;
      if (!seen.insert(key).second) {
        out.unknowns.push_back({file.path, fn.line, "helper " + key + " listed twice; the first entry is kept"});
        continue;
      }
      DerivedFact f;
      f.kind = "helper";
      f.key = key;
      f.attrs["id"] = fn.id ? nlohmann::json(*fn.id) : nlohmann::json();
      f.attrs["documented"] = documented.count(key) > 0;
      if (prefixed) f.attrs["list_name"] = fn.name;
      f.file = file.path;
      f.line = fn.line;
      out.facts.push_back(std::move(f));
    }
  }
  return out;
}

std::string write_helper_defs_from_extract(const nlohmann::json& local, const std::string& source_name) {
  return write_bpf_helper_defs(uapi_helpers_from_json(local), source_name);
}

}  // namespace ksince
