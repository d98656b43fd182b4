#pragma once
#include <string>
#include <vector>

#include "repo/repo.h"
#include "repo/series_select.h"
#include "repo/tag_select.h"
#include "store/patterns_file.h"

namespace ksince {

// What one index run indexes: the releases `tags:` selects (its answers,
// newest first) and the point releases `series:` selects, per series.
struct RunTags {
  std::vector<TagInfo> mainline;
  std::vector<Series> series;
  std::vector<std::string> unplaced;  // matched by the series regex, not placed

  // Every tree the run reads: the releases, then each series' points
  // (oldest first), the order of every per-tag list of the run.
  std::vector<TagInfo> all() const;
  size_t points() const;
};

// The tags the patterns file (or `series_regex` when given, else its
// `series:`) selects. Nothing selected at all is an Error saying how to fix
// it; so is a tag in both selections or a point placed twice. Each tag the
// series regex matches but cannot place gets a warning naming it.
RunTags select_run_tags(const Repo& repo, const std::vector<TagInfo>& all_tags, const PatternSet& ps,
                        const std::string& series_regex, TagOrder order, bool rc, const std::string& patterns_path,
                        std::vector<std::string>& warnings);

}  // namespace ksince
