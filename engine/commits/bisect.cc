#include "commits/bisect.h"

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>

namespace ksince {

namespace {

// Descents deeper than this mean a pathological history; the answer found so
// far is kept (and marked inexact if it is not).
constexpr int kMaxDepth = 64;

struct Search {
  uint32_t matcher;
  Oid prev;
  std::shared_ptr<const std::vector<Oid>> chain;  // chain[lo] present; past hi absent
  size_t lo = 0, hi = 0;
  int depth = 0;
  bool done = false;
};

// The rounds a search needs to finish its chain: halvings down to one commit,
// then one round for that commit's parents.
size_t rounds_left(const Search& s) {
  size_t rounds = 1;
  for (size_t n = s.hi - s.lo; n > 1; n = (n + 1) / 2) rounds++;
  return rounds;
}

}  // namespace

std::vector<CommitAnswer> find_introducing_commits(
    History& history, PresenceOracle& presence, const std::vector<CommitQuestion>& questions,
    const std::function<void(size_t, size_t, size_t)>& progress) {
  std::vector<CommitAnswer> answers(questions.size());
  std::vector<Search> searches(questions.size());
  // Features of one tag range share its chain.
  std::map<std::pair<Oid, Oid>, std::shared_ptr<const std::vector<Oid>>> chains;
  std::map<std::tuple<Oid, Oid, Oid>, std::shared_ptr<const std::vector<Oid>>> side_chains;
  for (size_t i = 0; i < questions.size(); i++) {
    const CommitQuestion& q = questions[i];
    auto& chain = chains[{q.version, q.prev}];
    if (!chain)
      chain = std::make_shared<const std::vector<Oid>>(history.first_parent_chain(q.version, {q.prev}));
    Search& s = searches[i];
    s.matcher = q.matcher;
    s.prev = q.prev;
    s.chain = chain;
    s.hi = chain->size();
    s.done = chain->empty();  // version is reachable from prev: no commit in range
  }

  for (size_t round = 1;; round++) {
    // What this round needs to know, for every open search at once.
    std::vector<Oid> wanted;
    std::vector<uint32_t> by;  // the feature each wanted commit is for
    size_t open = 0, left = 0;
    for (const Search& s : searches) {
      if (s.done) continue;
      open++;
      left = std::max(left, rounds_left(s));
      if (s.hi - s.lo > 1) {
        wanted.push_back((*s.chain)[(s.lo + s.hi) / 2]);
      } else {
        wanted.push_back((*s.chain)[s.lo]);
        for (const Oid& p : history.commit((*s.chain)[s.lo]).parents) wanted.push_back(p);
      }
      by.resize(wanted.size(), s.matcher);
    }
    if (open == 0) break;
    progress(round, open, left);
    presence.prepare(wanted, by);

    for (size_t i = 0; i < searches.size(); i++) {
      Search& s = searches[i];
      if (s.done) continue;
      if (s.hi - s.lo > 1) {
        size_t mid = (s.lo + s.hi) / 2;
        (presence.present((*s.chain)[mid], s.matcher) ? s.lo : s.hi) = mid;
        continue;
      }
      // chain[lo] has it and its first parent does not (or is out of range).
      const Oid c = (*s.chain)[s.lo];
      const std::vector<Oid>& parents = history.commit(c).parents;
      bool all_absent = true;
      size_t side = 0;
      for (size_t p = 0; p < parents.size(); p++) {
        if (presence.present(parents[p], s.matcher)) {
          all_absent = false;
          if (p > 0 && side == 0) side = p;
        }
      }
      if (side && s.depth < kMaxDepth) {
        // Searches of features one topic branch brought descend into the
        // same side chain: walk it once.
        auto& sub = side_chains[{parents[side], parents[0], s.prev}];
        if (!sub)
          sub = std::make_shared<const std::vector<Oid>>(
              history.first_parent_chain(parents[side], {parents[0], s.prev}));
        if (!sub->empty()) {
          s.chain = sub;
          s.lo = 0;
          s.hi = sub->size();
          s.depth++;
          continue;
        }
      }
      s.done = true;
      if (history.is_cut(c) && presence.present(c, s.matcher)) {
        answers[i].cut = true;  // added at c or before it, where the clone has nothing
        continue;
      }
      answers[i].commit = c;
      answers[i].exact = presence.present(c, s.matcher) && all_absent;
    }
  }
  return answers;
}

}  // namespace ksince
