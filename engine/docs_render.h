#pragma once
#include <string>
#include <vector>

#include "docs_build.h"
#include "store.h"

namespace ksince {

// `ksince docs build`: gathers every renderer's blocks from the index and the
// given sources, then runs the builder once over the docs folder. This is the
// one place that knows which renderers exist and what each needs.
struct DocsBuildOptions {
  std::string root;                  // the site's docs/ folder
  std::string libbpf_repo, libbpf_ref;  // HELPER_FUNC_DEF, LIBBPF_TAG; empty: left as they are
  std::string btf;                   // KFUNC_DEF signatures; empty: left as they are
  std::string btf_missing = "error"; // or "keep"
  bool check_only = false;
  std::string data_dir;              // ksince's data/ folder; "" to find it (data_dir.h)
};

struct DocsBuildReport {
  BuildResult result;
  std::vector<BuildNote> notes;  // what was not rendered and why, then the builder's warnings
};

DocsBuildReport run_docs_build(Store& store, const DocsBuildOptions& options);

// The FEATURE_TAG facts (merged facts; the first group of a name wins), as
// `docs tags` and `docs build` use them.
FactLookup feature_tag_facts(Store& store);

}  // namespace ksince
