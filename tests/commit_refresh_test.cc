// Introducing commits are answers to one question: (files, the commits the
// version and prev tags name). When the question changes while version and
// prev stay, the commit must be searched again; git is the oracle.
#include <doctest/doctest.h>

#include <sstream>

#include "store/read_answers.h"
#include "git_fixture.h"
#include "pipeline/indexer.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const std::string kBin = KSINCE_BIN;

// The SPEC's definition, with git grep: the commits of prev..version where
// the name is present and absent at every parent.
std::vector<std::string> qualifying(const GitRepo& repo, const std::string& name, const std::string& version,
                                    const std::string& prev, const std::vector<std::string>& files) {
  return qualifying_commits(repo, version, prev,
                            [&](const std::string& rev) { return repo.grep(rev, {name}, false, files); });
}

std::string patterns(const std::string& files) {
  return "files: " + files + "\ntags: ['^v']\npatterns:\n  - name: g\n    patterns:\n      - name: KS_NAME\n";
}

Feature the_feature(const std::string& db) {
  Store store(db, Store::Mode::ReadOnly);
  auto f = features_named(store, "KS_NAME");
  REQUIRE(f.size() == 1);
  return f[0];
}

// What `ksince show` claims about the commit.
std::string shown_rule(const std::string& db) {
  auto r = run(shell_quote(kBin) + " show --db " + shell_quote(db) + " KS_NAME");
  REQUIRE(r.status == 0);
  auto at = r.out.find("  rule     ");
  return at == std::string::npos ? "" : r.out.substr(at + 11, r.out.find('\n', at) - at - 11);
}

// Everything the index answers for the name, and the data file, equal a
// fresh index's of the same inputs.
bool same_as_fresh(const IndexOptions& o) {
  TempDir tmp;
  IndexOptions fresh = o;
  fresh.db = tmp.file("fresh.db");
  Progress quiet(false);
  run_index(fresh, quiet);
  auto answers = [](const std::string& db) {
    auto e = run(shell_quote(kBin) + " export --db " + shell_quote(db));
    auto q = run(shell_quote(kBin) + " show --json --db " + shell_quote(db) + " KS_NAME");
    REQUIRE(e.status == 0);
    REQUIRE(q.status == 0);
    return e.out + q.out;
  };
  return answers(o.db) == answers(fresh.db);
}

}  // namespace

TEST_CASE("commits: widening files finds the commit the new files define") {
  // The name comes first under kernel/, later under include/.
  GitRepo repo;
  repo.release("v1.0", "include/a.h", "base\n", 1500000000);
  repo.write("kernel/k.c", "int KS_NAME;\n");
  std::string in_kernel = repo.commit("add KS_NAME in kernel", 1500001000);
  repo.write("include/a.h", "base KS_NAME\n");
  std::string in_include = repo.commit("add KS_NAME in include", 1500002000);
  repo.release("v1.1", "README", "1.1\n", 1500003000);

  TempDir tmp;
  IndexOptions o{repo.path(), tmp.file("p.yaml"), tmp.file("k.db"), 2, TagOrder::Version};
  Progress quiet(false);
  write_file(o.patterns, patterns("['include/*']"));
  run_index(o, quiet);
  Feature narrow = the_feature(o.db);
  CHECK(narrow.version == "v1.1");
  CHECK(narrow.prev == "v1.0");
  CHECK(qualifying(repo, "KS_NAME", "v1.1", "v1.0", {"include/*"}) == std::vector<std::string>{in_include});
  CHECK(narrow.commit == in_include);

  write_file(o.patterns, patterns("['include/*', 'kernel/*']"));
  IndexReport r = run_index(o, quiet);
  CHECK(r.commits_found == 1);
  Feature wide = the_feature(o.db);
  CHECK(wide.version == "v1.1");  // the same question by version and prev...
  CHECK(wide.prev == "v1.0");
  // ...but another answer: the commit the SPEC defines for these files.
  std::vector<std::string> want = qualifying(repo, "KS_NAME", "v1.1", "v1.0", {"include/*", "kernel/*"});
  CHECK(want == std::vector<std::string>{in_kernel});
  CHECK(wide.commit == in_kernel);
  CHECK(wide.commit_exact);
  CHECK(shown_rule(o.db) == "present here, absent at every parent");

  // Narrowing again goes back, too.
  write_file(o.patterns, patterns("['include/*']"));
  run_index(o, quiet);
  CHECK(the_feature(o.db).commit == in_include);
}

TEST_CASE("commits: a moved tag re-searches the commits it bounds") {
  GitRepo repo;
  repo.release("v1.0", "include/a.h", "base\n", 1500000000);
  std::string base = repo.git("rev-parse HEAD").substr(0, 40);
  repo.write("include/b.h", "KS_NAME\n");
  std::string first = repo.commit("add KS_NAME in b.h", 1500001000);
  repo.release("v1.1", "README", "1.1\n", 1500002000);

  TempDir tmp;
  IndexOptions o{repo.path(), tmp.file("p.yaml"), tmp.file("k.db"), 2, TagOrder::Version};
  Progress quiet(false);
  write_file(o.patterns, patterns("['include/*']"));
  run_index(o, quiet);
  CHECK(the_feature(o.db).commit == first);

  // v1.1 is re-made on another line of history (a re-tagged release).
  repo.git("checkout -q -b redo " + base);
  repo.write("include/c.h", "KS_NAME\n");
  std::string second = repo.commit("add KS_NAME in c.h", 1500003000);
  repo.git("tag -d v1.1");
  repo.tag("v1.1", "HEAD", true, 1500004000);
  IndexReport r = run_index(o, quiet);
  CHECK(r.commits_found == 1);
  Feature f = the_feature(o.db);
  CHECK(f.version == "v1.1");
  CHECK(f.prev == "v1.0");
  CHECK(qualifying(repo, "KS_NAME", "v1.1", "v1.0", {"include/*"}) == std::vector<std::string>{second});
  CHECK(f.commit == second);
  CHECK(shown_rule(o.db) == "present here, absent at every parent");
  CHECK(same_as_fresh(o));
}

TEST_CASE("commits: a tag re-made on another commit with the same tree") {
  GitRepo repo;
  repo.release("v1.0", "include/a.h", "base\n", 1500000000);
  std::string base = repo.git("rev-parse HEAD").substr(0, 40);
  repo.write("include/b.h", "KS_NAME\n");
  std::string first = repo.commit("add KS_NAME", 1500001000);
  repo.release("v1.1", "README", "1.1\n", 1500002000);
  std::string tree = repo.git("rev-parse v1.1^{tree}");

  TempDir tmp;
  IndexOptions o{repo.path(), tmp.file("p.yaml"), tmp.file("k.db"), 2, TagOrder::Version};
  Progress quiet(false);
  write_file(o.patterns, patterns("['include/*']"));
  run_index(o, quiet);
  CHECK(the_feature(o.db).commit == first);

  // The same two changes made again (a rebase): the same tree, other commits.
  repo.git("checkout -q -b redo " + base);
  repo.write("include/b.h", "KS_NAME\n");
  std::string again = repo.commit("add KS_NAME again", 1500003000);
  repo.write("README", "1.1\n");
  repo.commit("1.1 again", 1500004000);
  repo.git("tag -d v1.1");
  repo.tag("v1.1", "HEAD", true, 1500005000);
  REQUIRE(repo.git("rev-parse v1.1^{tree}") == tree);
  IndexReport r = run_index(o, quiet);
  CHECK_FALSE(r.up_to_date);
  CHECK(qualifying(repo, "KS_NAME", "v1.1", "v1.0", {"include/*"}) == std::vector<std::string>{again});
  CHECK(the_feature(o.db).commit == again);
  CHECK(shown_rule(o.db) == "present here, absent at every parent");
  CHECK(same_as_fresh(o));
}
