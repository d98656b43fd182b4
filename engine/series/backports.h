#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "repo/repo.h"
#include "store/commit_answer.h"
#include "store/series_answers.h"
#include "store/store.h"

namespace ksince {

// The backport of one subject on one series: the commit that brought it in
// between the two points of its series answer (docs/series.md).
struct SeriesCommit {
  std::string series, version, prev;
  std::string commit;  // "" when none was found (or not searched yet)
  bool exact = false, searched = false;
  std::string upstream;          // the mainline commit its message cites, "" for none
  std::string upstream_release;  // the oldest release that contains it, "" when the repository lacks it
};

// A search to run: where its answer goes (series_commits.id) and what to ask.
struct BackportQuestions {
  std::vector<int64_t> rows;
  std::vector<CommitQuestion> questions;
  std::vector<int64_t> unanswerable;  // a point of a tree: no history to search
};

// For one subject ("pattern G N", "identifier N") and its answers per
// series: a row for each series where it came in at a point (kept when its
// question is the same), and the searches still to run. `salt` joins the
// range for what else decides presence at a commit (the identifier reader);
// `feature` is the oracle's id for the subject.
void add_backport_questions(Store& store, const std::string& subject, const std::vector<StoredSeries>& series,
                            const std::vector<SeriesAnswer>& answers, uint32_t feature, const std::string& salt,
                            BackportQuestions& out);

// A pattern's subject in series_commits: "pattern GROUP NAME".
std::string pattern_subject(const std::string& group, const std::string& name);

// After a search: the citation of each found commit and its oldest release
// among `releases` (oldest first), for the rows that lack it.
void save_backport_upstreams(Store& store, const Repo& repo, const std::vector<TagInfo>& releases,
                             const std::vector<int64_t>& rows);

// A subject's stored backports, per series where it came in at a point: the
// rows whose question (points, their commits, `salt`) is the current one.
std::vector<SeriesCommit> backports_of(Store& store, const std::string& subject, const std::vector<StoredSeries>& series,
                                       const std::vector<SeriesAnswer>& answers, const std::string& salt = "");

// The releases of the last run, oldest first, with their commits.
std::vector<TagInfo> stored_releases(Store& store);

}  // namespace ksince
