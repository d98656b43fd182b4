#include "helper_defs_export.h"

#include <algorithm>

#include "error.h"
#include "facts.h"
#include "helper_defs_extractor.h"
#include "repo.h"

namespace ksince {

std::string helper_defs_tag(Store& store, const std::optional<std::string>& at) {
  std::vector<std::string> tags = selected_tags(store);
  if (tags.empty()) throw Error(cat(store.path(), ": no tags indexed; run `ksince index` first"));
  if (!at) return tags.front();
  if (std::find(tags.begin(), tags.end(), *at) == tags.end())
    throw Error(cat("tag '", *at, "' is not one the index ", store.path(), " selected (newest: ", tags.front(), ")"));
  return *at;
}

std::string export_bpf_helper_defs(Store& store, const std::optional<std::string>& at) {
  std::string tag = helper_defs_tag(store, at);
  std::optional<std::string> repo = store.meta("repo");
  if (!repo) throw Error(cat(store.path(), ": the index names no repository; run `ksince index` first"));
  std::string text = read_file_at(*repo, tag, HelperDefsExtractor::kPath);
  HelperDefsExtractor x;
  return write_helper_defs_from_extract(x.extract(text), cat(HelperDefsExtractor::kPath, "@", tag));
}

}  // namespace ksince
