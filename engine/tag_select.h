#pragma once
#include <string>
#include <vector>

#include "repo.h"

namespace ksince {

enum class TagOrder { Version, Date };

// Keeps the tags whose name matches any of the regexes (unanchored search,
// as Go's regexp.MatchString in the reference) and orders them NEWEST FIRST:
// - Version: by release number (v4.9 < v4.10 < v5.0, v7.1-rc1 < v7.1); names
//   that are not versions count as newer than all versions, among themselves
//   by date;
// - Date: the reference's `for-each-ref --sort=-creatordate` (tagger date for
//   annotated tags, committer date otherwise), ties by name.
// Throws Error when a regex is invalid; returns no tags when none matches.
std::vector<TagInfo> select_tags(std::vector<TagInfo> all, const std::vector<std::string>& regexes,
                                 TagOrder order);

}  // namespace ksince
