#include "commits/commit_presence.h"

namespace ksince {

void CommitPresence::prepare(const std::vector<Oid>& commits, const std::vector<uint32_t>&) {
  for (const Oid& c : commits)
    if (!node_of_.count(c)) node_of_.emplace(c, graph_.add_root(history_.commit(c).tree));
  cache_.load(graph_);
  cache_.scan(graph_, scanner_.matcher, scanner_.specs, scanner_.git_dir, scanner_.jobs, [](size_t, uint64_t) {});
}

uint32_t CommitPresence::node_of(const Oid& commit) const {
  auto it = node_of_.find(commit);
  if (it == node_of_.end()) throw Error(cat("internal: presence asked before prepare for ", commit.hex()));
  return it->second;
}

bool CommitPresence::present(const Oid& commit, uint32_t matcher) {
  return presence_.test(node_of(commit), matcher);
}

}  // namespace ksince
