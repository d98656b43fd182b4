#pragma once
#include <string>
#include <vector>

#include "docs/docs_build.h"
#include "store/store.h"

namespace ksince {

// `ksince docs build`: gathers every renderer's blocks from the index and the
// given sources, then runs the builder once over the docs folder. This is the
// one place that knows which renderers exist and what each needs.
struct DocsBuildOptions {
  std::string root;                  // the site's docs/ folder
  std::string libbpf_repo, libbpf_ref;  // HELPER_FUNC_DEF, LIBBPF_TAG; empty: left as they are
  // HELPER_FUNC_DEF from the index (the kernel's uapi bpf.h at a tag, newest
  // when empty) instead of libbpf's header; LIBBPF_TAG still needs --libbpf.
  bool helper_defs_from_index = false;
  std::string helper_defs_at;
  std::string btf;                   // KFUNC_DEF signatures; empty: left as they are
  std::string btf_missing = "error"; // or "keep"
  bool check_only = false;
  // Helper and kfunc data: "imported" (the site's files), "derived" (from the
  // source, as of `at`, the newest tag when empty), or "" for whichever the
  // index has (imported where it has both).
  std::string from;
  std::string at;
  std::string data_dir;              // ksince's data/ folder; "" to find it (data_dir.h)
  // The derived pairs' conditions (CAP_PERFMON, CONFIG_X, attach types,
  // ...) on their list lines, with a legend (pair_conditions.h); needs
  // derived data. Off by default: the blocks stay the reference's bytes.
  bool conditions = false;
  // Where to write what a build from the derived facts changes against the
  // imported data (derived_report.h); "" for no report.
  std::string report;
  // With --from derived: create the pages of subjects the source has and
  // the site lacks (missing_pages.h): kfuncs, map types, program types, helpers.
  bool create_missing = false;
  // A note under each FEATURE_TAG whose feature came into a stable series at
  // a point ("Backported to 6.1.y at 6.1.187"); off: the pages stay byte for byte.
  bool backports = false;
};

struct DocsBuildReport {
  BuildResult result;
  std::vector<BuildNote> notes;  // what was not rendered and why, then the builder's warnings
};

// `progress` shows the pages done and the time left (a long run on a terminal).
DocsBuildReport run_docs_build(Store& store, const DocsBuildOptions& options, Progress& progress);
DocsBuildReport run_docs_build(Store& store, const DocsBuildOptions& options);  // no progress

// The FEATURE_TAG facts (merged facts; the first group of a name wins), as
// `docs tags` and `docs build` use them.
// With `backports`, each fact also says on which series it came in at a
// point (the note docs build --backports writes under the tag).
FactLookup feature_tag_facts(Store& store, bool backports = false);

}  // namespace ksince
