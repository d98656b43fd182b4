// Introducing commits on merge-heavy generated histories, with git as the
// oracle: every answer satisfies the SPEC's definition (checked with git grep
// at the commit and at each parent), lies in prev..version, and equals what
// `git bisect run` reports whenever the qualifying commit is unique.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "store/read_answers.h"
#include "git_fixture.h"
#include "history_builder.h"
#include "repo/history.h"
#include "pipeline/indexer.h"
#include "repo/repo.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const std::vector<std::string> kFiles = {"include/*", "src"};

std::string grep_args(const std::string& name) {
  std::string a = "-q -w -e " + name + " --";
  for (const auto& f : kFiles) a += " " + shell_quote(f);
  return a;
}

bool present(const GitRepo& r, const std::string& rev, const std::string& name) {
  return r.grep(rev, {name}, false, kFiles);
}

// Every commit of prev..version that qualifies under the SPEC's definition.
std::vector<std::string> qualifying(const GitRepo& r, const std::string& version, const std::string& prev,
                                    const std::string& name) {
  std::vector<std::string> out;
  std::istringstream list(r.git("rev-list --parents " + version + " ^" + prev));
  for (std::string line; std::getline(list, line);) {
    std::istringstream ids(line);
    std::string c, p;
    ids >> c;
    if (!present(r, c, name)) continue;
    bool all_absent = true;
    while (ids >> p) all_absent = all_absent && !present(r, p, name);
    if (all_absent) out.push_back(c);
  }
  return out;
}

std::string git_bisect(const GitRepo& r, const std::string& version, const std::string& prev,
                       const std::string& name) {
  r.git("bisect start " + version + " " + prev);
  std::string cmd = "! git grep " + grep_args(name);
  r.git("bisect run sh -c " + shell_quote(cmd) + " >/dev/null");
  std::string bad = r.git("rev-parse refs/bisect/bad").substr(0, 40);
  r.git("bisect reset >/dev/null");
  return bad;
}

struct Checked {
  size_t answers = 0, unique = 0, bisect_equal = 0;
};

Checked check_commits(Builder& b, const std::string& db) {
  Store store(db, Store::Mode::ReadOnly);
  Checked c;
  for (const std::string& name : b.names) {
    std::vector<Feature> fs = features_named(store, name);
    REQUIRE(fs.size() == 1);
    const Feature& f = fs[0];
    INFO("feature ", name, " version ", f.version, " prev ", f.prev, " commit ", f.commit);
    if (f.version.empty() || f.prev.empty()) {
      CHECK(f.commit.empty());
      continue;
    }
    REQUIRE(f.commit.size() == 40);
    c.answers++;
    // The definition, checked with git.
    CHECK(present(b.repo, f.commit, name));
    std::istringstream parents(b.repo.git("rev-list --parents -n 1 " + f.commit));
    std::string self, p;
    parents >> self;
    while (parents >> p) CHECK_FALSE(present(b.repo, p, name));
    CHECK(f.commit_exact);
    CHECK(b.repo.git_status("merge-base --is-ancestor " + f.commit + " " + f.version) == 0);
    CHECK(b.repo.git_status("merge-base --is-ancestor " + f.commit + " " + f.prev) == 1);
    std::vector<std::string> q = qualifying(b.repo, f.version, f.prev, name);
    CHECK(std::find(q.begin(), q.end(), f.commit) != q.end());
    if (q.size() == 1) {
      c.unique++;
      std::string bisect = git_bisect(b.repo, f.version, f.prev, name);
      CHECK(bisect == f.commit);
      c.bisect_equal += bisect == f.commit;
    }
  }
  return c;
}

Checked index_and_check(Builder& b) {
  std::string y = "files: ['include/*', 'src']\ntags: ['^v']\npatterns:\n  - name: g\n    patterns:\n";
  for (const auto& n : b.names) y += "      - name: " + n + "\n";
  y += "      - name: NEVER_THERE\n";
  TempDir tmp;
  write_file(tmp.file("p.yaml"), y);
  IndexOptions o{b.repo.path(), tmp.file("p.yaml"), tmp.file("k.db"), 2, TagOrder::Version};
  Progress quiet(false);
  IndexReport r = run_index(o, quiet);
  CHECK(r.commits_found > 0);
  Checked c = check_commits(b, o.db);
  // A re-run computes nothing new.
  IndexReport again = run_index(o, quiet);
  CHECK(again.up_to_date);
  CHECK(again.commits_found == 0);
  return c;
}

}  // namespace

TEST_CASE("bisect: side branches, mainline, two branches, re-adds, evil and unrelated merges") {
  Builder b;
  b.repo.write("include/base.h", "base\n");
  b.repo.write("src/main.c", "main\n");
  b.repo.write("docs/notes.txt", "F_SIDE is mentioned in docs first, outside the pathspec\n");
  b.commit("base");
  b.tag("v1.0");

  // On mainline.
  b.noise("src/main.c");
  b.commit("m1");
  b.add("include/base.h", "F_MAIN");
  b.commit("add F_MAIN on mainline");

  // On a side branch merged later, while mainline moves on.
  b.repo.git("branch side");
  b.noise("src/main.c");
  b.commit("m2");
  b.checkout("side");
  b.noise("include/side.h");
  b.commit("side 1");
  b.add("include/side.h", "F_SIDE");
  b.commit("add F_SIDE on a side branch");
  b.noise("include/side.h");
  b.commit("side 3");
  b.checkout("master");
  b.noise("src/main.c");
  b.commit("m3");
  b.merge("side");

  // On two branches.
  b.repo.git("branch two_a");
  b.repo.git("branch two_b");
  b.checkout("two_a");
  b.add("include/a.h", "F_TWO");
  b.commit("F_TWO on branch a");
  b.checkout("two_b");
  b.noise("src/b.c");
  b.commit("b1");
  b.add("src/b.c", "F_TWO");
  b.commit("F_TWO on branch b");
  b.checkout("master");
  b.merge("two_a");
  b.merge("two_b");

  // Nested: a branch of a branch.
  b.repo.git("branch outer");
  b.checkout("outer");
  b.noise("include/outer.h");
  b.commit("outer 1");
  b.repo.git("branch inner");
  b.checkout("inner");
  b.add("include/inner.h", "F_NEST");
  b.commit("F_NEST deep inside");
  b.checkout("outer");
  b.noise("include/outer.h");
  b.commit("outer 2");
  b.merge("inner");
  b.checkout("master");
  b.noise("src/main.c");
  b.commit("m4");
  b.merge("outer");

  // Added, removed and added again in one release.
  b.add("include/rr.h", "F_RR");
  b.commit("add F_RR");
  b.drop("include/rr.h", "F_RR");
  b.commit("remove F_RR");
  b.add("src/rr.c", "F_RR");
  b.commit("add F_RR again");

  // An evil merge: only the merge commit's own change adds it.
  b.repo.git("branch evil");
  b.checkout("evil");
  b.noise("include/evil.h");
  b.commit("evil branch");
  b.checkout("master");
  b.merge("evil", "--no-commit");
  b.add("include/evil.h", "F_EVIL");
  b.commit("evil merge");

  // A merge of an unrelated history.
  b.repo.git("checkout -q --orphan other");
  b.repo.git("rm -rfq .");
  b.repo.write("include/other.h", "other\n");
  b.commit("other root");
  b.add("include/other.h", "F_UNREL");
  b.commit("F_UNREL in the other history");
  b.noise("include/other.h");
  b.commit("other 3");
  b.checkout("master");
  b.merge("other", "--allow-unrelated-histories");
  b.tag("v1.1");

  // Next release: removed in v1.2 and back in v1.3, plus one more on a branch.
  b.drop("include/base.h", "F_MAIN");
  b.commit("drop F_MAIN");
  b.tag("v1.2");
  b.repo.git("branch late");
  b.checkout("late");
  b.add("include/late.h", "F_MAIN");
  b.commit("F_MAIN is back");
  b.checkout("master");
  b.noise("src/main.c");
  b.commit("m5");
  b.merge("late");
  b.tag("v1.3");

  Checked c = index_and_check(b);
  CHECK(c.answers == b.names.size());
  CHECK(c.unique >= 5);  // F_SIDE, F_NEST, F_EVIL, F_UNREL, F_MAIN at least
  CHECK(c.bisect_equal == c.unique);
}

TEST_CASE("bisect: random merge-heavy histories") {
  for (unsigned seed : {11u, 12u, 13u}) {
    CAPTURE(seed);
    Builder b;
    random_history(b, seed, 3, 30);
    Checked c = index_and_check(b);
    CHECK(c.answers > 10);
    CHECK(c.unique > 0);
    CHECK(c.bisect_equal == c.unique);
  }
}

TEST_CASE("history: first-parent chains equal git rev-list --first-parent") {
  Builder b;
  b.repo.write("src/a.c", "a\n");
  b.commit("a");
  std::string start = b.repo.git("rev-parse HEAD").substr(0, 40);
  b.repo.git("branch x");
  b.noise("src/a.c");
  b.commit("m");
  b.checkout("x");
  b.noise("src/b.c");
  b.commit("x1");
  b.checkout("master");
  b.merge("x");
  b.noise("src/a.c");
  b.commit("m2");
  Repo repo(b.repo.path());
  History h(repo);
  auto oid = [&](const std::string& rev) {
    git_oid g;
    git_oid_fromstr(&g, b.repo.git("rev-parse " + rev).substr(0, 40).c_str());
    return Oid::from_git(g);
  };
  std::string got;
  for (const Oid& o : h.first_parent_chain(oid("HEAD"), {oid(start)})) got += o.hex() + "\n";
  CHECK(got == b.repo.git("rev-list --first-parent HEAD ^" + start));
}
