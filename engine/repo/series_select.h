#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "repo/pcre_handle.h"
#include "repo/repo.h"

namespace ksince {

// Where the `series:` regex places a tag: its series ("6.1"), its point
// (192) and, where the regex has a `revision` group, a distribution's
// revision ("3", "1~deb12u1": DEP-14's escapes in tag names, `_` for `~` and
// `%` for `:`, undone).
struct SeriesPlace {
  std::string series;
  uint64_t point = 0;
  std::string revision;
  // Point, then revision in dpkg's order (no revision first).
  int compare(const SeriesPlace& o) const;
};

struct SeriesPoint {
  TagInfo tag;
  SeriesPlace place;
};

// One stable series and its indexed points, oldest first. Its base is the
// release tag vX.Y when the tags: selection has it and it is an ancestor of
// every point (linux-stable), else none.
struct Series {
  std::string name;
  std::string base;
  std::vector<SeriesPoint> points;
};

// The series regex, compiled once: searched (not anchored) in the tag name
// as the tag regexes are, with PCRE2 syntax. Named groups `series` and
// `point` are required, `revision` optional. Throws Error when it does not
// compile or lacks a group.
class SeriesRegex {
 public:
  explicit SeriesRegex(const std::string& regex);
  const std::string& text() const { return text_; }
  bool matches(const std::string& name) const;
  // nullopt when it matches but cannot place the tag (a group that took
  // no part, a point that is not a decimal number).
  std::optional<SeriesPlace> place(const std::string& name) const;

 private:
  std::string text_;
  PcreCode code_;
  PcreMatchData match_;
  int series_ = 0, point_ = 0, revision_ = 0;  // group numbers, 0 for none
};

struct SeriesSelection {
  std::vector<Series> series;          // by name in version order
  std::vector<std::string> unplaced;   // matched, but not placed: warned and counted
};

// The tags the series regex selects, grouped into series, points in order.
// `mainline` is the tags: selection (newest first): a tag in both is an
// Error naming it, as are two tags placed at the same series, point and
// revision. Bases are found in `repo`.
SeriesSelection select_series(const Repo& repo, const std::vector<TagInfo>& all, const SeriesRegex& regex,
                              const std::vector<TagInfo>& mainline);

}  // namespace ksince
