#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "commits/commit_presence.h"
#include "store/commit_answer.h"
#include "repo/history.h"

namespace ksince {

// Finds every question's introducing commit together, by binary search along
// first-parent chains, all searches advancing one step per round so that each
// round's commits are read and scanned as one batch.
//
// The rule, where several commits qualify: follow first parents from
// `version` (hiding `prev`'s history) to a commit C where the feature is
// present and absent at C's first parent. If a later parent of C has it too,
// the feature came in on that side branch: search that parent's first-parent
// chain the same way (hiding C's first parent and `prev`), and so on down.
// Otherwise C is the answer (a plain commit, or a merge whose own change
// added it). With several side branches having it, the lowest parent number
// wins. Commits outside the range count as absent, as for git bisect; an
// answer whose parents are not all absent is marked inexact. In a shallow
// clone, a search that ends at a boundary commit where the feature is
// present is answered `cut`, not with the boundary commit.
//
// `progress` is called before each round with the open searches and the
// rounds left counting this one: the most any open search needs to finish its
// chain (a descent into a side branch adds more), for an estimate of the time left.
std::vector<CommitAnswer> find_introducing_commits(
    History& history, PresenceOracle& presence, const std::vector<CommitQuestion>& questions,
    const std::function<void(size_t round, size_t open, size_t rounds_left)>& progress);

}  // namespace ksince
