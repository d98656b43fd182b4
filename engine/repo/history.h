#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "repo/oid.h"
#include "repo/repo.h"

namespace ksince {

// Commits as the commit search needs them: tree, parents, and first-parent
// chains of a range. Reads through libgit2; commits are cached by id. In a
// shallow clone a boundary commit has no parents, as git sees it, and is_cut
// says so: what it has may have come from a commit the clone lacks.
class History {
 public:
  explicit History(const Repo& repo) : repo_(repo) {}
  const Repo& repo() const { return repo_; }

  struct Commit {
    Oid tree;
    std::vector<Oid> parents;
  };
  const Commit& commit(const Oid& id);
  // A shallow clone's boundary commit: its real parents are not here.
  bool is_cut(const Oid& id) const { return repo_.limits().shallow_commits.count(id) > 0; }

  // `git rev-list --first-parent tip --not hide...`: newest first.
  std::vector<Oid> first_parent_chain(const Oid& tip, const std::vector<Oid>& hide);

  struct Summary {
    std::string subject;
    std::string author;
    int64_t date = 0;  // committer date
  };
  Summary summary(const Oid& id) const;

 private:
  // The same walk over the parents git sees in a shallow clone, where
  // libgit2 1.5 would try to read the boundary's missing parents.
  std::vector<Oid> shallow_first_parent_chain(const Oid& tip, const std::vector<Oid>& hide);
  // Adds to `out` the commits reachable from `from` (itself included) that
  // are not in `stop`, through the parents the clone has.
  void reach(const Oid& from, const std::unordered_set<Oid, OidHash>& stop, std::unordered_set<Oid, OidHash>& out);

  const Repo& repo_;
  std::string raw_;  // scratch: a commit object's bytes
  std::unordered_map<Oid, Commit, OidHash> commits_;
  // What a range's `prev` reaches: every chain of that range, and every side
  // branch searched in it, hides the same commits. A few ranges are kept (a
  // round of the search visits them all), not every one of a long tag list.
  static constexpr size_t kRangesKept = 16;
  std::unordered_map<Oid, std::unordered_set<Oid, OidHash>, OidHash> reached_;
};

}  // namespace ksince
