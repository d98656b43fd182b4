#pragma once
#include <string>
#include <vector>

#include "repo/oid.h"
#include "repo/repo.h"
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

// The identifier index's tags, newest first; empty when it has none.
std::vector<IdentTag> read_ident_tags(Store& store);
// Records `tags` (newest first) as the ones the stored answers are over.
void write_ident_tags(Store& store, const std::vector<TagInfo>& tags);
// The stored tag named `name`; an Error saying how to fix it when the
// answers have no such tag.
const IdentTag& ident_tag(const std::vector<IdentTag>& tags, const std::string& name, const std::string& db);

// The reader version the stored records and answers were made with, and a
// check that it is this binary's: an index made by another reader answers
// for that reader until `index` runs again.
int stored_ident_reader(Store& store);
void require_current_ident_reader(Store& store);

}  // namespace ksince
