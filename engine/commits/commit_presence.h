#pragma once
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "scan/blob_cache.h"
#include "repo/history.h"
#include "scan/matcher.h"
#include "repo/tree_graph.h"

namespace ksince {

// What the introducing-commit search asks: is feature `id` present at a
// commit? Asked in batches: prepare() every commit of a round, with the
// feature whose search asks it (features[i] for commits[i]; a commit may come
// several times), then present() for those pairs. Names (matchers) and
// derived facts answer it each their own way.
class PresenceOracle {
 public:
  virtual ~PresenceOracle() = default;
  virtual void prepare(const std::vector<Oid>& commits, const std::vector<uint32_t>& features) = 0;
  virtual bool present(const Oid& commit, uint32_t id) = 0;
};

// Presence of every matcher at any commit, computed on demand in batches:
// each new commit adds its tree to the shared TreeGraph (reading only the
// subtrees not seen before), new blobs are scanned through the BlobCache, and
// a tree's presence is the union of its entries', memoised by node.
class CommitPresence : public PresenceOracle {
 public:
  struct Scanner {
    const Matcher& matcher;
    const std::vector<MatchSpec>& specs;
    std::string git_dir;
    unsigned jobs;
  };
  // `presence` is the graph's, shared with the tag step, so that subtrees
  // already summed for the tags are not summed again for the commits.
  CommitPresence(History& history, TreeGraph& graph, BlobCache& cache, TreePresence& presence, Scanner scanner)
      : history_(history), graph_(graph), cache_(cache), presence_(presence), scanner_(std::move(scanner)) {}

  // Makes presence of every matcher known at these commits.
  void prepare(const std::vector<Oid>& commits, const std::vector<uint32_t>& features = {}) override;
  // After prepare(): is the matcher present at the commit?
  bool present(const Oid& commit, uint32_t matcher) override;
  // After prepare(): the graph node of the commit's tree.
  uint32_t node_of(const Oid& commit) const;

  size_t commits_checked() const { return node_of_.size(); }

 private:
  History& history_;
  TreeGraph& graph_;
  BlobCache& cache_;
  TreePresence& presence_;
  Scanner scanner_;
  std::unordered_map<Oid, uint32_t, OidHash> node_of_;
};

}  // namespace ksince
