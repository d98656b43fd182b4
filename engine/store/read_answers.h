#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/feature_version.h"
#include "store/store.h"

namespace ksince {

// A feature's answer on one stable series, as `export --series` writes it.
struct FeatureSeries {
  std::string series, version, prev, since, commit;
};

// One pattern's answer as the index holds it (empty strings where none).
struct Feature {
  std::string group;
  std::string name;
  std::string version;
  std::string prev;
  std::string commit;
  // What the index knows of the commit (empty/0 when there is none).
  std::string commit_subject;
  int64_t commit_date = 0;
  bool commit_exact = false;
  std::vector<FeatureSeries> series;  // filled by `export --series` only
};

// Is its version a release candidate (an answer a --rc run gives until the
// release is tagged)?
bool provisional(const Feature& f);

// The active patterns' answers, groups and features in patterns-file order;
// a pattern listed twice in its group (identically) comes twice.
std::vector<Feature> all_features(Store& store);
// The active features with this name (one per group that has it).
std::vector<Feature> features_named(Store& store, const std::string& name);
// The groups of the last run's patterns file in file order, empty ones too.
std::vector<std::string> pattern_groups(Store& store);

}  // namespace ksince

namespace ksince {

// The last run's selected tags, newest first.
std::vector<std::string> selected_tags(Store& store);
// The tag an answer "at a tag" is for: `at` when the last run selected it;
// without `at`, the newest tag the last run selected (a release candidate
// where --rc selected it). Throws Error when `at` is not selected or nothing
// is indexed. Every "default: the newest" of the CLI means this.
std::string tag_or_newest(Store& store, const std::optional<std::string>& at);
// The feature's lifecycle over the last run's selected tags.
Lifecycle lifecycle(Store& store, const std::string& group, const std::string& name);
// The selected tags at which this group's pattern is present, newest first.
std::vector<std::string> present_tags(Store& store, const std::string& group, const std::string& name);

}  // namespace ksince
