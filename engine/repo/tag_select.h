#pragma once
#include <regex>
#include <string>
#include <vector>

#include "repo/repo.h"

namespace ksince {

enum class TagOrder { Version, Date };

// The tag regexes of a patterns file, compiled once. A regex is searched
// (not anchored) in the short tag name, as Go's regexp.MatchString in the
// reference. Throws Error naming a regex that does not compile.
class TagRegexes {
 public:
  explicit TagRegexes(const std::vector<std::string>& regexes);
  bool selects(const std::string& name) const;
  // Could a selection produce a version of this name: a name the regexes
  // select, or a release candidate (NAME-rcN) of one, as --rc adds.
  bool accepts_version(const std::string& name) const;

 private:
  std::vector<std::regex> res_;
};

// Keeps the tags whose name matches any of the regexes (unanchored search,
// as Go's regexp.MatchString in the reference) and orders them NEWEST FIRST:
// - Version: exactly `git -c versionsort.suffix=-rc tag --sort=-v:refname`
//   (v4.9 < v4.10 < v5.0, v7.1-rc1 < v7.1, v254 < v255), for any name;
// - Date: the reference's `for-each-ref --sort=-creatordate` (tagger date for
//   annotated tags, committer date otherwise), ties by name.
// With `rc`, release candidates newer than the newest selected release are
// added too (v7.2-rc1 while v7.1 is the newest release): a feature first seen
// there is reported as provisional v7.2-rcN, and promoted to v7.2 once that
// tag exists, since older candidates are no longer selected then. With no
// release selected at all, only candidates of releases the regexes would
// select are added (not every -rc tag of the repository).
// Throws Error when a regex is invalid; returns no tags when none matches.
std::vector<TagInfo> select_tags(std::vector<TagInfo> all, const std::vector<std::string>& regexes,
                                 TagOrder order, bool rc = false);

}  // namespace ksince
