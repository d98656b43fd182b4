#pragma once
#include <memory>
#include <optional>
#include <string>

#include "repo/oid.h"
#include "commits/commit_presence.h"
#include "repo/history.h"
#include "repo/repo.h"
#include "store/store.h"
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

// defined(name, commit) as the commit search asks it (any feature id): the
// test ident_commit searches with, for other searches of the same name (the
// backports of series/ident_backports.h). `id` is the name's ident id.
std::unique_ptr<PresenceOracle> defined_at_commits(Store& store, const Repo& repo, History& history,
                                                   const std::string& name, uint32_t id);

}  // namespace ksince
