#include "feature_version.h"

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

}  // namespace ksince
