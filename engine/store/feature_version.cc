#include "store/feature_version.h"

namespace ksince {

VersionAnswer version_of(const std::vector<std::string>& tags, const std::vector<uint8_t>& present) {
  VersionAnswer a;
  for (size_t t = 0; t < tags.size(); t++) {
    if (!present[t]) {
      if (!a.version.empty()) a.prev = tags[t];
      break;
    }
    a.version = tags[t];
  }
  return a;
}

Lifecycle lifecycle_of(const std::vector<std::string>& tags, const std::vector<uint8_t>& present) {
  Lifecycle l;
  bool before = false;  // present at the next older tag
  for (size_t i = tags.size(); i-- > 0;) {
    bool now = present[i];
    if (now && !before) (l.first_seen.empty() ? l.first_seen : l.returned_in.emplace_back()) = tags[i];
    if (!now && before) l.removed_in.push_back(tags[i]);
    before = now;
  }
  return l;
}

}  // namespace ksince
