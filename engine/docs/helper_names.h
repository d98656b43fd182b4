#pragma once
#include <set>
#include <string>
#include <vector>

#include "docs/docs_blocks.h"
#include "docs/helper_data.h"
#include "store/store.h"

namespace ksince {

// The names a helpers file may use, from whatever the index and the site
// already say. A category with no source is not checked (nothing to check
// against); groups are always checked against the file's own groups.
struct KnownNames {
  struct Set {
    std::set<std::string> names;
    std::string from;  // where they come from, for messages; "" = no source
  };
  Set helpers, programs, maps;
};

// From the imported feature facts (groups helpers, program_types, map_types).
KnownNames known_from_features(Store& store);

// Adds the pages below a docs root: linux/helper-function/*.md,
// linux/program-type/*.md and linux/map-type/*.md. A category gets the pages
// only when it had no other source: the pages are the narrowest list.
void add_known_from_pages(KnownNames& known, const std::string& docs_root);

// One warning per unknown helper, program type, map type or group, with the
// data file's file:line. The reference accepts all of them silently (a typo
// is a dead link or a silently empty group), so they never stop an import.
std::vector<BuildNote> check_helper_names(const HelperData& data, const KnownNames& known);

}  // namespace ksince
