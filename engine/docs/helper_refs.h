#pragma once
#include <string>
#include <vector>

#include "docs/docs_blocks.h"
#include "docs/helper_data.h"
#include "docs/pair_conditions.h"

namespace ksince {

// The reference's helper-ref-gen (GENERATORS.md section 2): which helpers a
// program type or map type may call, and the reverse lists on helper pages.
// Pure functions from the imported data to blocks; the builder places them.

// PROG_HELPER_FUNC_REF, MAP_HELPER_FUNC_REF, HELPER_FUNC_PROG_REF and
// HELPER_FUNC_MAP_REF, with the reference's marker strings (each followed by
// "\n", as its Go constants are).
std::vector<BlockKind> helper_ref_kinds();

// A list entry after groups were flattened.
struct ResolvedHelper {
  std::string name;
  bool has_since = false;
  std::string since_version, since_commit;
};

// The reference's resolve(): group entries are expanded recursively (the
// first occurrence of a name wins, so a direct entry beats a group's and an
// earlier group beats a later one); the list's own `exclude:` lines remove
// names afterwards (a group's excludes act inside that group only); then a
// stable sort by name in byte order. A list's own duplicates stay. An unknown
// group is empty (the name check reports it); a group that includes itself is
// an Error naming file:line.
std::vector<ResolvedHelper> resolve_helpers(const HelperData& data, const HelperList& list);

// Every block of the four kinds, for the pages the data names:
// linux/program-type/<PROG>.md, linux/map-type/<MAP>.md and
// linux/helper-function/<helper>.md (relative to the docs root). With
// `conditions` (docs build --conditions), a program type's line and a
// helper page's program line end with the pair's condition labels, and a
// block that has any ends with their legend.
std::vector<Block> render_helper_refs(const HelperData& data, const PairConditions* conditions = nullptr);

}  // namespace ksince
