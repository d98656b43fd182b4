#pragma once
#include <string>
#include <vector>

#include "repo/repo.h"
#include "repo/series_select.h"
#include "store/store.h"

namespace ksince {

// Records, for each point of each series, the commits new at it that cite a
// mainline commit (commits/upstream.h). A point's range is its commit,
// hiding the point before it (for the first point: the base, or without one
// every release); each range is walked once, so a nightly run walks only
// the new point's. Returns the commits walked.
size_t index_citations(Store& store, const Repo& repo, const std::vector<Series>& series,
                       const std::vector<TagInfo>& releases);

// `query --upstream ID`: on each series, the first point whose history
// carries a commit citing ID (a prefix either way: ids are abbreviated),
// or the base when the base already contains ID.
struct UpstreamAnswer {
  std::string series;
  std::string point;   // the first point carrying it; "" for none
  std::string commit;  // the backport there
  std::string in_base; // the base's tag when it already has ID (nothing to backport)
};
std::vector<UpstreamAnswer> upstream_in_series(Store& store, const Repo* repo, const std::string& id);

}  // namespace ksince
