#pragma once
// `history --commit`: for each change, the commit where the aspect took its
// new shape: the shape equals the new one at C, and at no parent of C,
// between the two tags' commits as indexed (the names' search,
// commits/bisect.h, with "the shape equals" as the presence test). Searched
// once under the index lock and stored (ident_shape_commits).
#include <string>

#include "idents/ident_history.h"
#include "repo/repo.h"
#include "util/progress.h"

namespace ksince {

// Fills each change's commit; `h` is the history `identifier_history` gave
// for the index `db`.
void find_change_commits(const std::string& db, const Repo& repo, IdentHistory& h, Progress& progress);

}  // namespace ksince
