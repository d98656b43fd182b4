#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ksince {

// A release name such as v4.9, v6.1.12, v255 or v7.1-rc1 read as numbers, so
// that v4.9 < v4.10 < v5.0 and v7.1-rc1 < v7.1.
struct Version {
  std::vector<long> parts;  // 4, 9  (at least one)
  long rc = -1;             // -1 for a release, N for -rcN

  // Accepts [v]X[.Y...][-rcN]; anything else is not a version.
  static std::optional<Version> parse(const std::string& s);
  int compare(const Version& o) const;
};

// git's versioncmp() with versionsort.suffix=-rc: the order of
// `git -c versionsort.suffix=-rc tag --sort=v:refname`, defined for any two
// strings (glibc's strverscmp, plus: a string with "-rc" around the first
// difference comes first). <0, 0 (only for equal strings) or >0.
int git_version_compare(std::string_view a, std::string_view b);

// dpkg's order of two Debian revisions (or upstream versions without an
// epoch), as `dpkg --compare-versions` compares them: runs of non-digits by
// character with `~` before everything, even the end, and letters before
// other characters; runs of digits as numbers. <0, 0 or >0.
int dpkg_version_compare(std::string_view a, std::string_view b);

}  // namespace ksince
