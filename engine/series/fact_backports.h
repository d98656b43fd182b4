#pragma once
#include <string>

#include "commits/commit_search.h"
#include "facts/fact_index.h"
#include "repo/repo.h"
#include "series/backports.h"
#include "store/store.h"
#include "util/progress.h"

namespace ksince {

// The backports of derived facts: on each series where a fact came in at a
// point (a helper a stable release took), the commit that brought it, found
// between the two points by the facts' own commit search and stored with its
// question (series_commits, docs/series.md), with the upstream commit its
// message cites. Searched by `ksince index`, after the facts' commits.
CommitSearchReport find_fact_backports(Store& store, const Repo& repo, FactIndex& facts, Progress& progress);

// A fact's subject in series_commits: "fact KIND KEY".
std::string fact_subject(const std::string& kind, const std::string& key);

// A fact's stored backports, for its answers on the series of read_series(
// store, only); those of a pattern, or of its fact for a pattern that
// declares a kind (it takes its fact's answers).
std::vector<SeriesCommit> fact_backports(Store& store, const std::string& kind, const std::string& key,
                                         const std::vector<SeriesAnswer>& answers, const std::string& only = "");
std::vector<SeriesCommit> pattern_backports(Store& store, const std::string& group, const std::string& name,
                                            const std::vector<SeriesAnswer>& answers, const std::string& only = "");

}  // namespace ksince
