#pragma once
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "idents/ident_index.h"
#include "idents/ident_rows.h"
#include "idents/ident_run.h"
#include "store/store.h"

namespace ksince {

// A run that only adds tags after the newest point of their series (or after
// the newest release), with every stored tag, series, scope and reader as the
// stored answers were made: a nightly step. An identifier whose presence and
// kinds at each added tag are those at the tag before it has a stored row that
// a fresh index writes unchanged (its runs still end, or still reach the
// newest tag); only the others' rows are rewritten.
struct IdentAppend {
  struct Added {
    size_t pos;       // in the run's layout
    size_t prev_pos;  // the tag before it in its series (or releases)
  };
  IdentLayout stored;         // the layout the stored rows are over
  std::vector<size_t> moved;  // stored position -> the run's position
  std::vector<Added> added;   // in layout order
};

// The plan when the run only appends (`tags` is the run's tags in layout
// order, `points` the series' labels in the same order, "" for a release);
// nullopt when anything else changed, and the whole index is computed.
std::optional<IdentAppend> plan_ident_append(Store& store, const IdentLayout& layout,
                                             const std::vector<const TagInfo*>& tags,
                                             const std::vector<std::string>& points,
                                             const std::vector<std::string>& files);

// What the added tags hold. Only an identifier of a record that one tag of a
// pair (an added tag, the tag before it) holds and the other does not can
// differ between them: those are the candidates, and their presence is
// gathered at every tag read.
struct AppendedPresence {
  struct Cell {
    bool mentioned = false, defined = false;
    uint16_t kinds = 0;  // of every definition at that tag
  };
  std::map<size_t, size_t> root_of;           // layout position -> root
  std::unordered_map<uint32_t, size_t> cand;  // identifier -> its cells
  std::vector<Cell> cells;                    // a candidate's cells, one per root
  std::vector<uint32_t> changed;              // ascending ids
  std::vector<uint32_t> added_roots, before_roots;  // the graph's roots of the added tags, of the tags before them
  const Cell& at(size_t pos, uint32_t id) const { return cells[cand.at(id) * root_of.size() + root_of.at(pos)]; }
};
// Reads the trees of the added tags and of the tags before them (the blobs
// the index lacks, committed as the run reads them).
AppendedPresence read_appended(IdentRun& run, const IdentAppend& plan, const std::vector<const TagInfo*>& tags,
                               IdentReport& report);
// Rewrites the rows of the changed identifiers, in the caller's transaction.
void save_appended(Store& store, const IdentAppend& plan, const IdentLayout& layout, const AppendedPresence& read,
                   IdentReport& report);

}  // namespace ksince
