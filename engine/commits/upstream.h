#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "repo/repo.h"

namespace ksince {

// The mainline commit a backport's message cites, as linux-stable writes it
// ("commit <id> upstream.", on a line of its own) or as distributions and
// older stable releases do ("[ Upstream commit <id> ]"): its id as written
// (12 to 40 hex digits), "" when the message cites none.
std::string cited_upstream(std::string_view message);

// The full id of a cited commit the repository has (an abbreviation
// resolved); a zero Oid when it has none, or several for an abbreviation.
Oid resolve_commit(const Repo& repo, const std::string& hex);

// The oldest of `releases` (oldest first) whose commit is, or descends from,
// `commit`: `git tag --contains`'s oldest release among them; "" for none.
std::string oldest_release_containing(const Repo& repo, const std::vector<TagInfo>& releases, const Oid& commit);

}  // namespace ksince
