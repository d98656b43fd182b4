#pragma once
// The SPEC's definition of an introducing commit, for derived facts, with git
// and the extractors as the oracle: the fact is present at the commit (its
// extractors find it in the files git shows there), absent at every parent,
// and the commit lies in prev..version. Shared by the fact pipeline tests.
#include <functional>
#include <map>
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
// text, written as `data_name`) into `db`: the report's text. docs build must
// exit 0 and list no page (none of the folder's pages has a block).
std::string derived_report(const TempDir& tmp, const std::string& db, const std::string& data_name,
                           const std::string& data_file, const std::string& folder);

// The fixed opening of `docs build --report`'s text, for the facts at `tag`,
// written out as docs/docs-site.md words it.
std::string derived_report_head(const std::string& tag);

// "file:line" of the one line of `file` at `rev` that holds `text`, as git
// grep finds it (REQUIREs exactly one): the place a message must name.
std::string git_grep_place(const GitRepo& repo, const std::string& rev, const std::string& file,
                           const std::string& text);

// The smallest kernel-like source of helper facts: the FN list (ids from 1)
// and enum bpf_prog_type in include/uapi/linux/bpf.h, the program types in
// include/linux/bpf_types.h,
// and per program type a func_proto (BPF_PROG_TYPE_XDP: xdp_func_proto, its
// verifier ops xdp_verifier_ops) in its own file, returning its helpers
// (`case BPF_FUNC_<helper>:`, one line each) and NULL for the rest.
struct HelperSource {
  struct Program {
    std::string file;                  // "net/core/filter.c"
    std::vector<std::string> helpers;  // without "bpf_", as the FN list: "redirect"
  };
  std::vector<std::string> helpers;        // the FN list, without "bpf_"
  std::map<std::string, Program> programs;  // by program type
  void write(GitRepo& repo) const;
};

}  // namespace ksince::test
