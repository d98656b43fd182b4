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

// A feature's history over the selected tags, from its stored presence:
// first seen, and every tag where it disappeared or came back (oldest first).
struct Lifecycle {
  std::string first_seen;
  std::vector<std::string> removed_in;
  std::vector<std::string> returned_in;
};
Lifecycle lifecycle_of(const std::vector<std::string>& tags_newest_first, const std::vector<uint8_t>& present);

}  // namespace ksince
