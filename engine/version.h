#pragma once
#include <optional>
#include <string>
#include <vector>

namespace ksince {

// A release name such as v4.9, v6.1.12 or v7.1-rc1 read as numbers, so that
// v4.9 < v4.10 < v5.0 and v7.1-rc1 < v7.1.
struct Version {
  std::vector<long> parts;  // 4, 9  (at least two)
  long rc = -1;             // -1 for a release, N for -rcN

  // Accepts [v]X.Y[.Z...][-rcN]; anything else is not a version.
  static std::optional<Version> parse(const std::string& s);
  int compare(const Version& o) const;
};

}  // namespace ksince
