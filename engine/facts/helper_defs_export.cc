#include "facts/helper_defs_export.h"

#include "util/error.h"
#include "store/read_answers.h"
#include "facts/helper_defs_extractor.h"
#include "repo/repo.h"

namespace ksince {

std::string export_bpf_helper_defs(Store& store, const std::optional<std::string>& at) {
  std::string tag = tag_or_newest(store, at);
  std::optional<std::string> repo = store.meta("repo");
  if (!repo) throw Error(cat(store.path(), ": the index names no repository; run `ksince index` first"));
  std::string text = read_file_at(*repo, tag, HelperDefsExtractor::kPath);
  HelperDefsExtractor x;
  return write_helper_defs_from_extract(x.extract(text), cat(HelperDefsExtractor::kPath, "@", tag));
}

}  // namespace ksince
