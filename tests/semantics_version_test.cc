// A newer ksince whose matching means something else must not keep an older
// one's answers: the semantics versions are part of the cache keys and of the
// run fingerprint. The bump is simulated with the library's test hook.
#include <doctest/doctest.h>

#include "store/read_answers.h"
#include "git_fixture.h"
#include "pipeline/indexer.h"
#include "scan/matcher.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;

namespace {

// Undoes the bumps, so that other tests see the real versions.
struct Bump {
  int literal, regex;
  Bump(int l, int r) : literal(l), regex(r) { bump_match_semantics_for_test(l, r); }
  ~Bump() { bump_match_semantics_for_test(-literal, -regex); }
};

std::vector<std::string> matcher_specs(const std::string& db) {
  Store store(db, Store::Mode::ReadOnly);
  std::vector<std::string> out;
  for (Stmt s = store.prepare(
           "SELECT m.spec FROM patterns p JOIN matchers m ON m.id = p.matcher_id WHERE p.active = 1 "
           "ORDER BY p.position");
       s.step();)
    out.push_back(s.text(0));
  return out;
}

}  // namespace

TEST_CASE("semantics version: bumping it re-scans the blobs of that kind and re-searches commits") {
  GitRepo repo;
  repo.write("include/b.h", "other\n");
  repo.release("v1.0", "include/a.h", "KS_OLD\n", 1500000000);
  repo.release("v1.1", "include/a.h", "KS_OLD KS_A foo1\n", 1500001000);
  TempDir tmp;
  write_file(tmp.file("p.yaml"), "files: [include]\ntags: ['^v']\npatterns:\n  - name: g\n    patterns:\n"
                                 "      - name: KS_A\n      - name: FOO\n        regexes: ['foo[0-9]']\n");
  IndexOptions o{repo.path(), tmp.file("p.yaml"), tmp.file("k.db"), 2, TagOrder::Version};
  Progress quiet(false);
  // What git says, for every run below.
  auto check_answers = [&] {
    Store store(o.db, Store::Mode::ReadOnly);
    REQUIRE(repo.grep("v1.1", {"KS_A"}, false, {"include"}));
    REQUIRE_FALSE(repo.grep("v1.0", {"KS_A"}, false, {"include"}));
    REQUIRE(repo.grep("v1.1", {"foo[0-9]"}, true, {"include"}));
    REQUIRE_FALSE(repo.grep("v1.0", {"foo[0-9]"}, true, {"include"}));
    std::string c = repo.git("rev-parse v1.1^{commit}").substr(0, 40);
    for (const char* n : {"KS_A", "FOO"}) {
      auto f = features_named(store, n);
      REQUIRE(f.size() == 1);
      CHECK(f[0].version == "v1.1");
      CHECK(f[0].commit == c);
    }
  };

  IndexReport r1 = run_index(o, quiet);
  CHECK(r1.blobs == 3);
  CHECK(r1.blobs_scanned == 3);
  CHECK(r1.commits_found == 2);
  check_answers();
  std::vector<std::string> v1 = matcher_specs(o.db);
  CHECK(v1 == std::vector<std::string>{R"({"v":1,"w":["KS_A"]})", R"({"E":["foo[0-9]"],"v":2})"});
  CHECK(run_index(o, quiet).up_to_date);

  {
    // A newer ksince whose literal matching changed meaning.
    Bump newer(1, 0);
    IndexReport r2 = run_index(o, quiet);
    CHECK_FALSE(r2.up_to_date);
    CHECK(r2.blobs_scanned == 3);  // every blob, for the literal name
    CHECK(r2.commits_found == 1);  // the literal's commit, searched again
    check_answers();
    std::vector<std::string> v2 = matcher_specs(o.db);
    CHECK(v2 == std::vector<std::string>{R"({"v":2,"w":["KS_A"]})", R"({"E":["foo[0-9]"],"v":2})"});
    CHECK(run_index(o, quiet).up_to_date);
    {
      Bump regex(0, 1);
      IndexReport r3 = run_index(o, quiet);
      CHECK(r3.blobs_scanned == 3);
      CHECK(r3.commits_found == 1);
      check_answers();
      CHECK(matcher_specs(o.db)[1] == R"({"E":["foo[0-9]"],"v":3})");
    }
  }
  // Back to the versions this ksince has: the cache of that version serves.
  IndexReport r4 = run_index(o, quiet);
  CHECK(r4.blobs_scanned == 0);
  CHECK(matcher_specs(o.db) == v1);
  check_answers();
  // And everything it answers is a fresh index's.
  IndexOptions fresh = o;
  fresh.db = tmp.file("fresh.db");
  run_index(fresh, quiet);
  auto answers = [](const std::string& db) {
    auto r = run(shell_quote(KSINCE_BIN) + " export --format json --db " + shell_quote(db));
    std::string out = r.out;
    for (const char* n : {"KS_A", "FOO"}) out += run(shell_quote(KSINCE_BIN) + " show --json --db " + shell_quote(db) + " " + n).out;
    REQUIRE(r.status == 0);
    return out;
  };
  CHECK(answers(o.db) == answers(fresh.db));
}
