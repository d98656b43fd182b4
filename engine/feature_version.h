#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ksince {

// The SPEC's version of one feature: walking the selected tags from newest to
// oldest, `version` is the last tag of the unbroken run where the feature is
// present (empty when absent at the newest tag), and `prev` the tag right
// after it (empty when `version` is the oldest tag).
struct VersionAnswer {
  std::string version, prev;
};
VersionAnswer version_of(const std::vector<std::string>& tags_newest_first,
                         const std::vector<uint8_t>& present);

}  // namespace ksince
