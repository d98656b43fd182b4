#pragma once
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "repo/series_select.h"
#include "store/feature_version.h"
#include "store/store.h"

namespace ksince {

// A series as the last index run selected it.
struct StoredPoint {
  int64_t tag_id = 0;
  std::string tag;    // the tag's name ("v6.1.187", "debian/6.1.192-3")
  std::string label;  // its version as people write it ("6.1.187", "6.1.192-3")
  uint64_t point = 0;
  std::string revision;
};
struct StoredSeries {
  int64_t id = 0;
  std::string name;
  std::string base;          // the base's tag name, "" for none
  int64_t base_tag_id = 0;
  std::vector<StoredPoint> points;  // newest first
};

// "6.1.192-3": how a point is written.
std::string point_label(const std::string& series, const SeriesPlace& p);

// The series of the last run, in version order of their names; `only`
// (not empty) keeps the one named so ("6.1" or "6.1.y"), an Error naming the
// indexed ones when there is none.
std::vector<StoredSeries> read_series(Store& store, const std::string& only = "");

// One answer (a pattern's, a fact's, an identifier's) on one series: the
// SPEC's version rule over its points newest first, the base after them
// when the series has one.
struct SeriesAnswer {
  std::string series;
  std::string base;
  // Where the unbroken run of presence up to the newest point starts: a
  // point's label, or the base's tag name; empty when absent at the newest.
  std::string version;
  std::string prev;  // the point (or base) before it, absent there; "" when none is indexed
  // How to read version: "base" (present since the base), "first point"
  // (since the oldest point indexed, nothing older indexed), "point".
  std::string since;
  std::vector<std::string> present;  // labels (and the base's name), newest first
  Lifecycle lifecycle;
  std::string newest;  // the newest point's label
};
// `present_at(i)` for point i (newest first); `base_present` is asked only
// when the series has a base.
SeriesAnswer series_answer(const StoredSeries& s, const std::function<bool(size_t)>& present_at,
                           const std::function<bool()>& base_present);
// The same for each series, from the tags (ids) where the subject is
// present: its presence rows, a release's or a point's alike.
std::vector<SeriesAnswer> series_answers(const std::vector<StoredSeries>& all, const std::set<int64_t>& present_tags);

// Writes the run's series (upserted, the others inactive) and their points'
// tags rows (series, point, revision, series_position); returns each
// point's tag id, in the order of `series` and their points.
std::vector<int64_t> save_series_points(Store& store, const std::vector<Series>& series);

}  // namespace ksince
