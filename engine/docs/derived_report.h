#pragma once
// `docs build --report FILE`: what a build from the facts derived from the
// source changes against the site's imported files, page by page, each line
// with the place in the kernel that decides it. What a maintainer reviews
// before switching the site to derived data.
#include <optional>
#include <string>

#include <vector>

#include "docs/docs_blocks.h"
#include "docs/helper_data.h"
#include "docs/kfunc_data.h"
#include "docs/kfunc_tables.h"
#include "store/store.h"

namespace ksince {

struct ReportInput {
  // Either side of a kind may be missing (nullptr): that kind is then only
  // said to be missing.
  const HelperData* imported_helpers = nullptr;
  const HelperData* derived_helpers = nullptr;
  const KfuncData* imported_kfuncs = nullptr;
  const KfuncData* derived_kfuncs = nullptr;
  const KfuncGenTables* tables = nullptr;  // kfunc-gen's UNSPEC expansion, for both sides
  std::string tag;                         // the derived facts' tag
  // Pages whose subject the source no longer has at the tag (missing_pages.h
  // finds them): listed at the end, as pages the build keeps.
  std::vector<BuildNote> gone;
};

// The report, as Markdown: per page (program-type, map-type and kfunc pages,
// in byte order) the pairs added and removed, the `since` a pair shows that
// moved, and a kfunc's flags that changed. An added or moved pair carries
// the file:line of its fact at the tag; a removed one the tag and file:line
// where the source last had it (or says it never had it). A `since` is
// compared only for pairs whose fact has a prev (at the oldest indexed tag
// the first version is not known), and reported only where the source
// contradicts it: a since the site shows outside (prev, version] of the
// pair's fact (between two indexed releases any version fits).
std::string derived_change_report(Store& store, const ReportInput& in);

}  // namespace ksince
