#pragma once
#include <memory>
#include <string>
#include <vector>

#include "facts/extractor.h"
#include "scan/matcher.h"
#include "util/progress.h"
#include "repo/repo.h"
#include "store/store.h"

namespace ksince {

struct CommitSearch;
struct CommitSearchReport;

struct FactReport {
  bool up_to_date = false;     // the tags' facts were already stored by an earlier run
  size_t facts = 0;            // distinct facts present at some selected tag
  size_t unknowns = 0;         // unreadable constructs, summed over tags
  // Those of the newest tag, "file:line: what (extractor)", for warnings.
  std::vector<std::string> newest_unknowns;
  size_t blobs = 0;            // blobs of the fact scope at the selected tags
  size_t blobs_scanned = 0;    // read for the triggers by this run
  size_t blobs_extracted = 0;  // parsed by an extractor by this run
  double seconds = 0;
  size_t commits_found = 0;
  size_t commits_unfound = 0;  // searches a shallow or partial clone stopped
  size_t commits_checked = 0;
  double commit_seconds = 0;
  std::vector<std::string> warnings;  // why some commits were not found
};

// The matcher that picks an extractor's files: its trigger words, OR-ed.
MatchSpec trigger_spec(const Extractor& x);

// The derived-fact side of an index run (SPEC "Facts derived from the
// source"): the same tag walk, blob cache, presence per tag, version rule and
// commit search as names, over the fact scope (the whole tree but tools/ and
// samples/) with the extractors' triggers as matchers.
class FactIndex {
 public:
  FactIndex(Store& store, const Repo& repo, std::vector<const Extractor*> extractors, unsigned jobs);
  ~FactIndex();

  // A fingerprint of what decides the facts (extractors and their versions),
  // to add to the run's.
  std::string key() const;

  // Facts at every selected tag (the first `releases` the releases, newest
  // first, then the series' points, as stored by the name step): presence,
  // attributes and evidence per tag, unreadable constructs, and each fact's
  // version and prev over the releases. One transaction writes them; each
  // tag's facts are staged in temporary tables before it (FactStage).
  // Skipped (up_to_date) when the last completed fact step had the same
  // `run_key`.
  void index_tags(const std::vector<TagInfo>& tags, size_t releases, const std::string& run_key, Progress& progress,
                  FactReport& report);

  // The introducing commit of every fact with a version and a prev whose
  // commit is not known yet.
  void find_commits(Progress& progress, FactReport& report);

  // For searches the facts do not ask themselves (the backports on a
  // series, series/fact_backports.h): the search's id of the fact (kind,
  // key), and a search by the same oracle as find_commits'.
  bool enabled() const { return !extractors_.empty(); }
  uint32_t search_id(const std::string& kind, const std::string& key);
  CommitSearchReport run_search(const CommitSearch& search, Progress& progress);

 private:
  struct State;
  State& state();

  Store& store_;
  const Repo& repo_;
  std::vector<const Extractor*> extractors_;
  unsigned jobs_;
  std::unique_ptr<State> s_;
};

}  // namespace ksince
