#pragma once
#include <string>
#include <unordered_set>
#include <vector>

#include "repo/git_handle.h"
#include "repo/oid.h"

namespace ksince {

// What a clone lacks by design: a shallow clone (git clone --depth) cuts the
// history at its boundary commits, a partial clone (--filter=blob:none)
// fetches objects on demand from a promisor remote, and ksince reads no
// network. Tags and trees still answer versions in a shallow clone; the
// commit search stops at the boundary. A partial clone lacks the blobs that
// every answer is made of.
struct CloneLimits {
  // The commits whose parents a shallow clone does not have (its "shallow"
  // file); git treats them as having none, and so does History.
  std::unordered_set<Oid, OidHash> shallow_commits;
  std::string promisor_remote;  // the remote a partial clone fetches from
  std::string filter;           // its filter, e.g. blob:none

  bool shallow() const { return !shallow_commits.empty(); }
  bool partial() const { return !promisor_remote.empty(); }

  // One warning per limit, naming the clone, what it costs and the remedy.
  std::vector<std::string> warnings(const std::string& repo) const;
  // Why an object is not in the repository, and what to do, said after
  // "... is not in the repository": the clone's limits, or damage.
  std::string why_missing(const std::string& repo) const;
  // The commands that lift each limit.
  static std::string unshallow(const std::string& repo);
  std::string refetch(const std::string& repo) const;
};

// Reads the limits of an opened repository: `common_dir` holds the shallow
// file (a worktree shares its main repository's).
CloneLimits read_clone_limits(git_repository* repo, const std::string& common_dir);

}  // namespace ksince
