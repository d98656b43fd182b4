#include "commits/commit_search.h"

#include <chrono>

#include "store/answers.h"
#include "util/time_left.h"

namespace ksince {

namespace {

// The warning for searches a clone stopped: `what` says why, `names` are the
// features left without a commit.
std::string unfound_commits_warning(const std::string& what, const std::vector<std::string>& names) {
  constexpr size_t kShown = 5;
  std::string list;
  for (size_t i = 0; i < names.size() && i < kShown; i++) list += (i ? ", " : "") + names[i];
  if (names.size() > kShown) list += cat(" and ", names.size() - kShown, " more");
  return cat(names.size(), " introducing commit", names.size() == 1 ? "" : "s", " not found (", list, "): ", what,
             "; the next run searches them again");
}

}  // namespace

CommitSearchReport run_commit_search(Store& store, History& history, PresenceOracle& oracle,
                                     const CommitSearch& search, Progress& progress,
                                     const std::function<size_t()>& commits_checked) {
  CommitSearchReport report;
  auto names = [&](const std::vector<size_t>& which) {
    std::vector<std::string> out;
    for (size_t i : which) out.push_back(search.name(i));
    return out;
  };
  auto t0 = std::chrono::steady_clock::now();
  std::vector<CommitAnswer> answers;
  try {
    answers = find_introducing_commits(history, oracle, search.questions, [&](size_t round, size_t open, size_t left) {
      progress.update(cat(search.label, ": round ", round, " of about ", round - 1 + left, ", ", open,
                          " searches open, ", commits_checked(), " commits checked",
                          time_left(seconds_since(t0), round - 1, round - 1 + left)),
                      true);
    });
  } catch (const MissingObject& e) {
    // A partial clone lacks a blob between tags: the versions stand, the
    // commits wait for a clone that has them.
    std::vector<size_t> all(search.questions.size());
    for (size_t i = 0; i < all.size(); i++) all[i] = i;
    report.warnings.push_back(unfound_commits_warning(cat("the search stopped: ", e.what()), names(all)));
    report.unfound = all.size();
    report.checked = commits_checked();
    report.seconds = seconds_since(t0);
    return report;
  }
  CommitTally tally = save_commit_answers(store, history, search.update, search.ids, answers, search.unanswerable);
  if (!tally.cut.empty()) {
    const std::string& repo = history.repo().git_dir();
    report.warnings.push_back(unfound_commits_warning(
        cat("each was added beyond the boundary of the shallow clone ", repo,
            "; fetch the history: ", CloneLimits::unshallow(repo)),
        names(tally.cut)));
  }
  report.found = tally.found;
  report.unfound = tally.cut.size();
  report.checked = commits_checked();
  report.seconds = seconds_since(t0);
  return report;
}

}  // namespace ksince
