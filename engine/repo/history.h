#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "oid.h"
#include "repo.h"

namespace ksince {

// Commits as the commit search needs them: tree, parents, and first-parent
// chains of a range. Reads through libgit2; commits are cached by id.
class History {
 public:
  explicit History(const Repo& repo) : repo_(repo) {}

  struct Commit {
    Oid tree;
    std::vector<Oid> parents;
  };
  const Commit& commit(const Oid& id);

  // `git rev-list --first-parent tip --not hide...`: newest first.
  std::vector<Oid> first_parent_chain(const Oid& tip, const std::vector<Oid>& hide) const;

  struct Summary {
    std::string subject;
    std::string author;
    int64_t date = 0;  // committer date
  };
  Summary summary(const Oid& id) const;

 private:
  const Repo& repo_;
  std::unordered_map<Oid, Commit, OidHash> commits_;
};

}  // namespace ksince
