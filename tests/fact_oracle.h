#pragma once
// The SPEC's definition of an introducing commit, for derived facts, with git
// and the extractors as the oracle: the fact is present at the commit (its
// extractors find it in the files git shows there), absent at every parent,
// and the commit lies in prev..version. Shared by the fact pipeline tests.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "git_fixture.h"
#include "store/store.h"

namespace ksince::test {

// The facts ("kind key") the extractors find at a revision, read through git.
using FactsAtRevision = std::function<std::set<std::string>(const GitRepo&, const std::string& rev)>;

// Judges the introducing commit of every fact of these kinds that has a
// version and a prev (and checks that the others have none). Returns how many
// commits were judged.
size_t judge_fact_commits(Store& store, const GitRepo& repo, const std::vector<std::string>& kinds,
                          const FactsAtRevision& facts_at);

}  // namespace ksince::test
