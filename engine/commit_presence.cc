#include "commit_presence.h"

namespace ksince {

void CommitPresence::prepare(const std::vector<Oid>& commits) {
  for (const Oid& c : commits)
    if (!node_of_.count(c)) node_of_.emplace(c, graph_.add_root(history_.commit(c).tree));
  cache_.load(graph_);
  cache_.scan(graph_, scanner_.matcher, scanner_.specs, scanner_.git_dir, scanner_.jobs, [](size_t, uint64_t) {});
}

bool CommitPresence::present(const Oid& commit, uint32_t matcher) {
  auto it = node_of_.find(commit);
  if (it == node_of_.end()) throw Error(cat("internal: presence asked before prepare for ", commit.hex()));
  return presence_.test(it->second, matcher);
}

}  // namespace ksince
