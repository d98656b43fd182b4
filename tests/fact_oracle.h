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
#include "pipeline/indexer.h"
#include "store/store.h"

namespace ksince::test {

// The facts ("kind key") the extractors find at a revision, read through git.
using FactsAtRevision = std::function<std::set<std::string>(const GitRepo&, const std::string& rev)>;

// Judges the introducing commit of every fact of these kinds that has a
// version and a prev (and checks that the others have none). Returns how many
// commits were judged.
size_t judge_fact_commits(Store& store, const GitRepo& repo, const std::vector<std::string>& kinds,
                          const FactsAtRevision& facts_at);

// One release of a generated history: the work tree as the test wrote it,
// committed and tagged (annotated); `date` moves on.
void commit_release(GitRepo& repo, int64_t& date, const std::string& tag);

// `repo`'s v tags indexed into <tmp>/k.db, with facts, by a patterns file of
// one name declared as `kind` (files: [include]); the options used, and the
// run's report in `report` when given.
IndexOptions index_declared(const GitRepo& repo, const TempDir& tmp, const std::string& name, const std::string& kind,
                            IndexReport* report = nullptr);

// "file:line" of fact (kind, key) at `tag`, after checking it against the
// tree git shows at that tag: that line of that file must contain `word`.
// FAILs when the index has no such fact there.
std::string checked_fact_place(Store& store, const GitRepo& repo, const std::string& kind, const std::string& key,
                               const std::string& tag, const std::string& word);

// `docs build --from derived --check --report` on an empty docs folder under
// `tmp` (with linux/<folder>), after importing `data_file` (the site's YAML
// text, written as `data_name`) into `db`: the report's text.
std::string derived_report(const TempDir& tmp, const std::string& db, const std::string& data_name,
                           const std::string& data_file, const std::string& folder);

}  // namespace ksince::test
