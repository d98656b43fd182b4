#pragma once
#include <string>
#include <vector>

#include "repo/oid.h"
#include "repo/repo.h"
#include "repo/series_select.h"
#include "store/store.h"

namespace ksince {

// A tag as the identifier answers were computed for it: its name and what it
// named then. A tag may have moved since (re-tagged, a rewritten mirror);
// everything read back for an answer (places, the commit search) follows
// these ids, not the tag's name.
struct IdentTag {
  std::string name;
  Oid tree;
  Oid commit;  // zero for a tag of a tree
};

// A series as the identifier answers' per-series presence is over it.
struct IdentSeries {
  int64_t id = 0;  // series.id, as the rows name it
  std::string name;
  std::vector<IdentTag> points;     // oldest first
  std::vector<std::string> labels;  // each point as people write it ("6.1.192-3")
};

// The identifier index's tags, newest first; empty when it has none.
std::vector<IdentTag> read_ident_tags(Store& store);
// Its series (meta 'ident_series'), in the order of the rows' presence.
std::vector<IdentSeries> read_ident_series(Store& store);
// The series table's id of each series (rows made for new ones).
std::vector<int64_t> ident_series_ids(Store& store, const std::vector<Series>& series);
// Records `tags` (newest first) and the series' points as the ones the
// stored answers are over.
void write_ident_tags(Store& store, const std::vector<TagInfo>& tags, const std::vector<Series>& series,
                      const std::vector<int64_t>& series_ids);
// The stored tag named `name`; an Error saying how to fix it when the
// answers have no such tag.
const IdentTag& ident_tag(const std::vector<IdentTag>& tags, const std::string& name, const std::string& db);

// The reader version the stored records and answers were made with, and a
// check that it is this binary's: an index made by another reader answers
// for that reader until `index` runs again.
int stored_ident_reader(Store& store);
void require_current_ident_reader(Store& store);

}  // namespace ksince
