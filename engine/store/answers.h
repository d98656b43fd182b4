#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "store/commit_answer.h"
#include "repo/history.h"
#include "store/patterns_file.h"
#include "repo/repo.h"
#include "repo/series_select.h"
#include "store/store.h"

namespace ksince {

// What one index run concluded from the tags, written as a whole.
struct TagAnswers {
  std::string git_dir;
  const PatternSet* patterns;
  std::vector<uint32_t> pattern_matcher;        // pattern -> local matcher
  std::vector<int64_t> matcher_ids;             // local matcher -> database id
  std::vector<TagInfo> tags;                    // newest first
  std::vector<Series> series;                   // their points oldest first
  std::vector<std::string> unplaced;            // matched by the series regex, not placed
  // [tag][local matcher]: the tags, then each series' points in order.
  std::vector<std::vector<uint8_t>> present;
  std::string run_key;                          // fingerprint of the inputs
};

// Replaces the last run's tags, patterns, presence and versions in one
// transaction. A feature keeps its commit while its version and prev stay.
void save_tag_answers(Store& store, const TagAnswers& a);

// One line in the runs table per `ksince index`, whatever it had to do.
void record_run(Store& store, int64_t started, double seconds, size_t tags, size_t patterns, size_t blobs,
                size_t blobs_scanned, uint64_t bytes_scanned);

// Patterns that declare their kind take the answer of the derived fact of
// that kind and name: version, prev and commit (SPEC "Facts derived from the
// source"); the names' commit search leaves them alone.
void adopt_fact_answers(Store& store);

// Features with a version and a prev whose commit was not searched yet.
struct PendingCommits {
  std::vector<int64_t> pattern_ids;
  std::vector<int64_t> matcher_ids;
  std::vector<CommitQuestion> questions;  // matcher field left 0: set by the caller
  std::vector<int64_t> unanswerable;      // a tag of a tree: no history to search
};
PendingCommits pending_commits(Store& store);

// What `query` shows of a commit (subject, author, date), read once from git;
// inside the caller's transaction.
void save_commit_summary(Store& store, History& history, const Oid& commit);

// What a commit search stored: commits found, and the searches a shallow
// clone cut (indexes into the answers), left pending.
struct CommitTally {
  size_t found = 0;
  std::vector<size_t> cut;
};

// Stores the answers (and the commits' subjects) in one transaction through
// `update`, an UPDATE taking (commit, exact, id). A cut answer stays
// unsearched, so that a run after git fetch --unshallow searches it again.
CommitTally save_commit_answers(Store& store, History& history, const std::string& update,
                                const std::vector<int64_t>& ids, const std::vector<CommitAnswer>& answers,
                                const std::vector<int64_t>& unanswerable);

}  // namespace ksince
