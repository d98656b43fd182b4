#pragma once
#include <optional>
#include <string>

#include "repo/oid.h"
#include "repo/repo.h"
#include "util/progress.h"

namespace ksince {

// The introducing commit of an identifier's definition: defined at C, not at
// any parent of C, within prev..version of its defined answer (the SPEC's
// rule, on merge-heavy history as for names: commits/bisect.h).
struct IdentCommit {
  std::string version, prev;
  Oid commit;          // zero: none (prev is the oldest tag's answer, or the clone is cut)
  bool exact = false;
  bool cut = false;    // a shallow clone's boundary stopped the search
  bool stored = false; // read back from the index, not searched now
  size_t commits_checked = 0;
};

// Searches once, then answers from the index: the answer is stored under the
// index lock with the version and prev it was searched for. nullopt when the
// index has no definition of the name at its newest tag; no search (a zero
// commit, prev empty) when it is defined since the oldest tag indexed.
std::optional<IdentCommit> ident_commit(const std::string& db, const Repo& repo, const std::string& name,
                                        Progress& progress);

}  // namespace ksince
