#pragma once
#include <string>
#include <vector>

#include "store/store.h"

namespace ksince {

struct TimelineEntry {
  std::string group, name, version, commit;
};

// The docs site's timeline page (docs/linux/timeline/index.md), as the
// reference (isovalent/ebpf-docs tools/feature-gen/timeline.go) writes it:
// its front matter, then one "## :octicons-tag-24: vX.Y" section per version,
// oldest first, each listing "* `NAME` [<7-char commit>](<commit link>) (GROUP)".
//
// Entries without a version are left out. Within a section entries keep the
// order they are given in (the reference's: groups, then features, as in the
// data file). Versions are ordered as numbers (v4.9 < v4.10 < v5.0 and
// v7.1-rc1 < v7.1), which the reference gets wrong for a version without its
// "v"; such a version, or anything else not of the form vX.Y or vX.Y-rcN, is
// an Error naming the entry. An entry with a version but no commit is listed
// without a link ("* `NAME` (GROUP)"), where the reference would crash; a
// commit shorter than 7 hex digits is an Error.
std::string render_timeline(const std::vector<TimelineEntry>& entries);

// The timeline's entries: the merged facts (imported_facts.h), in their order.
std::vector<TimelineEntry> timeline_entries(Store& store);

}  // namespace ksince
