#pragma once
#include <string_view>
#include <vector>

#include "repo/tree_entry.h"

namespace ksince {

// A tree entry with its name as a view into the tree object's bytes: no
// allocation per entry, for walks over whole kernel trees.
struct TreeEntryView {
  std::string_view name;
  Oid oid;
  EntryKind kind;
};

// The entries of a tree object's bytes ("MODE NAME\0" and a 20-byte id, for
// each entry), in the tree's order, into `out`. Kinds follow the mode's type
// bits as git's own reading does: 040000 a tree, 100644 and 100755 (and old
// gits' 100664) a file; links and submodules are Other. Throws Error when
// the bytes are not a tree.
void parse_tree(std::string_view raw, std::vector<TreeEntryView>& out);

}  // namespace ksince
