#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "commits/bisect.h"
#include "util/progress.h"
#include "store/store.h"

namespace ksince {

// One side's commit search (names or derived facts) as an index run does it:
// what to ask, where the answers go, and how a warning names a question.
struct CommitSearch {
  std::vector<CommitQuestion> questions;
  std::vector<int64_t> ids;           // the row each question answers
  std::vector<int64_t> unanswerable;  // rows with no history to search: stored empty
  std::string update;                 // an UPDATE taking (commit, exact, id)
  std::string label;                  // the progress line's start
  std::function<std::string(size_t question)> name;
};

struct CommitSearchReport {
  size_t found = 0;    // commits found and stored
  size_t unfound = 0;  // searches a shallow or partial clone stopped, left pending
  size_t checked = 0;  // commits whose presence was computed
  double seconds = 0;
  std::vector<std::string> warnings;
};

// Adds a search's figures and warnings to a run's report (the names' or the
// facts': both name them alike).
template <typename RunReport>
void add_commit_search(const CommitSearchReport& r, RunReport& to) {
  to.warnings.insert(to.warnings.end(), r.warnings.begin(), r.warnings.end());
  to.commits_found = r.found;
  to.commits_unfound = r.unfound;
  to.commits_checked = r.checked;
  to.commit_seconds = r.seconds;
}

// Finds and stores the answers. A search cut by a shallow clone's boundary,
// or all of them when a partial clone lacks a blob, stays pending (the next
// run searches again) and is named in a warning with the remedy.
CommitSearchReport run_commit_search(Store& store, History& history, PresenceOracle& oracle,
                                     const CommitSearch& search, Progress& progress,
                                     const std::function<size_t()>& commits_checked);

}  // namespace ksince
