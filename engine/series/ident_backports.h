#pragma once
#include <string>
#include <vector>

#include "repo/repo.h"
#include "series/backports.h"
#include "util/progress.h"

namespace ksince {

// The backports of an identifier's definition: on each series where it came
// in at a point, the commit that defined it between the two points (the
// identifier commit search, with defined() as the test), searched once
// under the index lock and stored, with the upstream commit it cites.
std::vector<SeriesCommit> identifier_backports(const std::string& db, const Repo& repo, const std::string& name,
                                               Progress& progress);

}  // namespace ksince
