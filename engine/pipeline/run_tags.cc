#include "pipeline/run_tags.h"

#include "util/error.h"

namespace ksince {

std::vector<TagInfo> RunTags::all() const {
  std::vector<TagInfo> out = mainline;
  for (const Series& s : series)
    for (const SeriesPoint& p : s.points) out.push_back(p.tag);
  return out;
}

size_t RunTags::points() const {
  size_t n = 0;
  for (const Series& s : series) n += s.points.size();
  return n;
}

RunTags select_run_tags(const Repo& repo, const std::vector<TagInfo>& all_tags, const PatternSet& ps,
                        const std::string& series_regex, TagOrder order, bool rc, const std::string& patterns_path,
                        std::vector<std::string>& warnings) {
  RunTags out;
  if (!ps.tags.empty()) out.mainline = select_tags(all_tags, ps.tags, order, rc);
  const std::string& regex = series_regex.empty() ? ps.series : series_regex;
  if (!regex.empty()) {
    SeriesSelection s = select_series(repo, all_tags, SeriesRegex(regex), out.mainline);
    out.series = std::move(s.series);
    out.unplaced = std::move(s.unplaced);
    for (const std::string& t : out.unplaced)
      warnings.push_back(cat("tag ", t, " matches the series regex '", regex,
                             "' but the regex cannot place it (its series or point group took no part, or the point "
                             "is not a number); it is left out"));
  }
  if (out.mainline.empty() && out.series.empty()) {
    std::string list;
    for (const auto& r : ps.tags) list += (list.empty() ? "" : ", ") + r;
    throw Error(cat(repo.git_dir(), ": none of its ", all_tags.size(), " tags matches the tag regexes of ",
                    patterns_path, " (", list.empty() ? std::string("none") : list, ")",
                    regex.empty() ? "" : " or its series regex (" + regex + ")",
                    "; fetch the tags (git fetch --tags) or fix 'tags:'"));
  }
  return out;
}

}  // namespace ksince
