// The nightly job's guarantees: interrupted runs leave a consistent index and
// the next run ends where an uninterrupted one would; new tags and edited
// patterns cost only what is new; release candidates; lifecycles; locking.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>

#include "store/answers.h"
#include "store/read_answers.h"
#include "git_fixture.h"
#include "store/index_lock.h"
#include "pipeline/indexer.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const std::string kBin = KSINCE_BIN;

std::string names_yaml(const std::vector<std::string>& names, const std::string& tags = "['^v']") {
  std::string y = "files: ['include/*', 'src']\ntags: " + tags + "\npatterns:\n  - name: g\n    patterns:\n";
  for (const auto& n : names) y += "      - name: " + n + "\n";
  return y;
}

// A repository of `commits` commits touching `per_commit` of `files` files,
// a tag every `every` commits, written with git fast-import (fast enough to
// make hundreds of blobs in a test).
void fast_history(GitRepo& repo, unsigned seed, int commits, int files, int per_commit, int every,
                  const std::vector<std::string>& names) {
  std::mt19937 rng(seed);
  std::string s;
  int64_t date = 1500000000;
  auto data = [&](const std::string& d) { s += "data " + std::to_string(d.size()) + "\n" + d + "\n"; };
  int tag = 0;
  for (int c = 1; c <= commits; c++) {
    s += "commit refs/heads/master\nmark :" + std::to_string(c) + "\n";
    s += "committer t <t@e> " + std::to_string(date += 3600) + " +0000\n";
    data("commit " + std::to_string(c));
    if (c > 1) s += "from :" + std::to_string(c - 1) + "\n";
    for (int k = 0; k < (c == 1 ? files : per_commit); k++) {
      int f = c == 1 ? k : static_cast<int>(rng() % files);
      std::string text;
      for (int line = 0; line < 40; line++) {
        text += "static int fn_" + std::to_string(rng() % 100000) + "(void) { return ";
        // Name j can appear from commit ~j*commits/names on, so first
        // appearances spread over the tags.
        size_t j = rng() % names.size();
        if (rng() % 4 == 0 && j * commits < names.size() * (c - 1)) text += names[j];
        else text += "0";
        text += "; }\n";
      }
      s += "M 100644 inline " + std::string(f % 2 ? "include/" : "src/") + "f" + std::to_string(f) + ".h\n";
      data(text);
    }
    if (c % every == 0) {
      s += "tag v1." + std::to_string(tag++) + "\nfrom :" + std::to_string(c) + "\n";
      s += "tagger t <t@e> " + std::to_string(date + 1) + " +0000\n";
      data("release");
    }
  }
  TempDir tmp;
  write_file(tmp.file("stream"), s);
  repo.git("fast-import --quiet < " + shell_quote(tmp.file("stream")));
  repo.git("reset -q --hard master");
}

// Everything an index answers, as text: the data file and presence per tag.
std::string answers_of(const std::string& db, const std::vector<std::string>& names) {
  std::string args;
  for (const auto& n : names) args += " " + n;
  auto e = run(shell_quote(kBin) + " export --db " + shell_quote(db));
  auto q = run(shell_quote(kBin) + " query --json --db " + shell_quote(db) + args);
  return e.out + q.out;
}

std::string index_cmd(const GitRepo& repo, const std::string& patterns, const std::string& db) {
  return shell_quote(kBin) + " index --repo " + shell_quote(repo.path()) + " --patterns " +
         shell_quote(patterns) + " --db " + shell_quote(db);
}

std::vector<std::string> some_names(int n) {
  std::vector<std::string> v;
  for (int i = 0; i < n; i++) v.push_back("KS_N" + std::to_string(i));
  return v;
}

}  // namespace

TEST_CASE("nightly: killed at random points, the next run ends as an uninterrupted one") {
  GitRepo repo;
  std::vector<std::string> names = some_names(40);
  fast_history(repo, 7, 60, 200, 30, 6, names);
  TempDir tmp;
  std::string patterns = tmp.file("p.yaml");
  write_file(patterns, names_yaml(names));
  std::string ref_db = tmp.file("ref.db");
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(run(index_cmd(repo, patterns, ref_db)).status == 0);
  double full = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::string want = answers_of(ref_db, names);
  REQUIRE(want.find("commit: \"\"") != std::string::npos);  // some without a commit...
  REQUIRE(want.find("\"commit_exact\": true") != std::string::npos);  // ...and some with

  std::mt19937 rng(2024);
  const char* signals[] = {"KILL", "TERM", "INT"};
  int interrupted = 0;
  for (int seed = 0; seed < 12; seed++) {
    CAPTURE(seed);
    std::string db = tmp.file("k" + std::to_string(seed) + ".db");
    // One, two or three interruptions before the run that may finish.
    int kills = 1 + rng() % 3;
    for (int k = 0; k < kills; k++) {
      double delay = full * (rng() % 1000) / 1000.0;
      const char* sig = signals[rng() % 3];
      auto r = run(index_cmd(repo, patterns, db) + " >/dev/null & pid=$!; sleep " + std::to_string(delay) +
                   "; kill -" + sig + " $pid 2>/dev/null; wait $pid");
      interrupted += r.status != 0;
      // Whatever state it was left in, the database is whole.
      if (std::ifstream(db).good()) {
        auto check = run("sqlite3 " + shell_quote(db) + " 'PRAGMA integrity_check'");
        CHECK(check.out == "ok\n");
      }
    }
    REQUIRE(run(index_cmd(repo, patterns, db)).status == 0);
    CHECK(answers_of(db, names) == want);
  }
  CHECK(interrupted > 0);  // the kills did land mid-run
}

TEST_CASE("nightly: new tags cost only new blobs, old answers stay, new features get theirs") {
  GitRepo repo;
  repo.release("v1.0", "include/a.h", "KS_OLD\n", 1500000000);
  repo.release("v1.1", "include/b.h", "KS_MID\n", 1500001000);
  TempDir tmp;
  write_file(tmp.file("p.yaml"), names_yaml({"KS_OLD", "KS_MID", "KS_NEW"}));
  IndexOptions o{repo.path(), tmp.file("p.yaml"), tmp.file("k.db"), 2, TagOrder::Version};
  Progress quiet(false);
  run_index(o, quiet);
  Feature mid_before;
  {
    Store s(o.db, Store::Mode::ReadOnly);
    mid_before = features_named(s, "KS_MID").at(0);
  }
  REQUIRE(mid_before.commit.size() == 40);

  repo.release("v1.2", "src/c.c", "KS_NEW\n", 1500002000);
  IndexReport r = run_index(o, quiet);
  CHECK(r.blobs == 3);
  CHECK(r.blobs_scanned == 1);    // only src/c.c is new
  CHECK(r.commits_found == 1);    // only KS_NEW needed a search
  Store s(o.db, Store::Mode::ReadOnly);
  Feature mid = features_named(s, "KS_MID").at(0);
  CHECK(mid.version == mid_before.version);
  CHECK(mid.commit == mid_before.commit);
  Feature fresh = features_named(s, "KS_NEW").at(0);
  CHECK(fresh.version == "v1.2");
  CHECK(fresh.commit == repo.git("rev-parse v1.2^{commit}").substr(0, 40));

  IndexReport again = run_index(o, quiet);
  CHECK(again.up_to_date);
  CHECK(again.blobs_scanned == 0);
}

TEST_CASE("nightly: edited patterns files compute only what changed") {
  GitRepo repo;
  std::vector<std::string> names = some_names(10);
  fast_history(repo, 3, 12, 20, 5, 3, names);
  TempDir tmp;
  std::string p = tmp.file("p.yaml");
  write_file(p, names_yaml({"KS_N1", "KS_N2", "KS_N3"}));
  IndexOptions o{repo.path(), p, tmp.file("k.db"), 2, TagOrder::Version};
  Progress quiet(false);
  IndexReport first = run_index(o, quiet);
  size_t blobs = first.blobs;
  std::string n2_commit;
  {
    Store s(o.db, Store::Mode::ReadOnly);
    n2_commit = features_named(s, "KS_N2").at(0).commit;
  }

  SUBCASE("add a pattern: every blob is scanned for it alone, old commits stay") {
    write_file(p, names_yaml({"KS_N1", "KS_N2", "KS_N3", "KS_N4"}));
    IndexReport r = run_index(o, quiet);
    CHECK(r.blobs_scanned == blobs);
    CHECK(r.commits_found <= 1);
    Store s(o.db, Store::Mode::ReadOnly);
    CHECK(features_named(s, "KS_N2").at(0).commit == n2_commit);
    CHECK(features_named(s, "KS_N4").size() == 1);
    // The scan set used for that run held just the new matcher.
    Stmt q = s.prepare("SELECT matchers FROM scan_sets ORDER BY id DESC LIMIT 1");
    REQUIRE(q.step());
    CHECK(q.text(0).find(',') == std::string::npos);
  }
  SUBCASE("change a pattern: it is computed again under its new definition") {
    write_file(p, "files: ['include/*', 'src']\ntags: ['^v']\npatterns:\n  - name: g\n    patterns:\n"
                  "      - name: KS_N1\n      - name: KS_N2\n        regexes: ['KS_N[5]']\n      - name: KS_N3\n");
    IndexReport r = run_index(o, quiet);
    CHECK(r.blobs_scanned == blobs);
    // KS_N2 now answers for KS_N5, at every tag, as git grep says.
    Store s(o.db, Store::Mode::ReadOnly);
    std::vector<std::string> here = present_tags(s, "g", "KS_N2");
    for (const std::string& tag : selected_tags(s)) {
      CAPTURE(tag);
      CHECK((std::find(here.begin(), here.end(), tag) != here.end()) ==
            repo.grep(tag, {"KS_N5"}, false, {"include/*", "src"}));
    }
  }
  SUBCASE("remove a pattern: it leaves the exports") {
    write_file(p, names_yaml({"KS_N1", "KS_N3"}));
    IndexReport r = run_index(o, quiet);
    CHECK(r.blobs_scanned == 0);
    auto e = run(shell_quote(kBin) + " export --db " + shell_quote(o.db));
    CHECK(e.out.find("KS_N2") == std::string::npos);
    CHECK(e.out.find("KS_N3") != std::string::npos);
    CHECK(run(shell_quote(kBin) + " query --db " + shell_quote(o.db) + " KS_N2").status == 1);
  }
}

TEST_CASE("nightly: a release candidate gives a provisional version, promoted at the release") {
  GitRepo repo;
  repo.release("v7.1", "include/a.h", "KS_OLD\n", 1500000000);
  std::string c = repo.release("v7.2-rc1", "include/b.h", "KS_RC\n", 1500001000);
  TempDir tmp;
  write_file(tmp.file("p.yaml"), names_yaml({"KS_OLD", "KS_RC"}, "['^v[0-9]+\\.[0-9]+$']"));
  IndexOptions o{repo.path(), tmp.file("p.yaml"), tmp.file("k.db"), 2, TagOrder::Version};
  o.rc = true;
  Progress quiet(false);
  run_index(o, quiet);
  auto q = [&](const std::string& n) {
    return run(shell_quote(kBin) + " query --db " + shell_quote(o.db) + " " + n).out;
  };
  CHECK(q("KS_RC").find("KS_RC  v7.2-rc1 (provisional)  " + c.substr(0, 12)) == 0);

  repo.release("v7.2-rc2", "include/c.h", "more\n", 1500002000);
  run_index(o, quiet);
  CHECK(q("KS_RC").find("KS_RC  v7.2-rc1 (provisional)") == 0);

  repo.tag("v7.2", "HEAD", true, 1500003001);
  run_index(o, quiet);
  CHECK(q("KS_RC").find("KS_RC  v7.2  " + c.substr(0, 12)) == 0);  // promoted, same commit
  Store s(o.db, Store::Mode::ReadOnly);
  CHECK(selected_tags(s) == std::vector<std::string>{"v7.2", "v7.1"});

  // Without --rc, candidates are not indexed at all.
  IndexOptions plain = o;
  plain.rc = false;
  plain.db = tmp.file("plain.db");
  repo.tag("v7.3-rc1", "HEAD", true, 1500004001);
  run_index(plain, quiet);
  Store p(plain.db, Store::Mode::ReadOnly);
  CHECK(selected_tags(p) == std::vector<std::string>{"v7.2", "v7.1"});
}

TEST_CASE("nightly: query reports removal and return from the stored presence") {
  GitRepo repo;
  auto release = [&](const std::string& tag, const std::string& text, int64_t d) {
    repo.write("include/a.h", text);
    repo.commit(tag, d);
    repo.tag(tag, "HEAD", true, d + 1);
  };
  release("v1.0", "KS_LIFE\n", 1500000000);
  release("v1.1", "nothing\n", 1500001000);
  release("v1.2", "KS_LIFE again\n", 1500002000);
  release("v1.3", "KS_GONE\n", 1500003000);
  release("v1.4", "empty\n", 1500004000);
  TempDir tmp;
  write_file(tmp.file("p.yaml"), names_yaml({"KS_LIFE", "KS_GONE"}));
  auto r = run(shell_quote(kBin) + " index --repo " + shell_quote(repo.path()) + " --patterns " +
               shell_quote(tmp.file("p.yaml")) + " --db " + shell_quote(tmp.file("k.db")));
  REQUIRE(r.status == 0);
  auto q = run(shell_quote(kBin) + " query --db " + shell_quote(tmp.file("k.db")) + " KS_LIFE KS_GONE");
  CHECK(q.out.find("KS_LIFE  absent  (group g; first seen v1.0, removed in v1.1, removed in v1.3, back in v1.2)") !=
        std::string::npos);
  CHECK(q.out.find("KS_GONE  absent  (group g; first seen v1.3, removed in v1.4)") != std::string::npos);
  auto j = run(shell_quote(kBin) + " query --json --db " + shell_quote(tmp.file("k.db")) + " KS_LIFE");
  CHECK(j.out.find("\"removed_in\": [\n      \"v1.1\",\n      \"v1.3\"\n    ]") != std::string::npos);
  CHECK(j.out.find("\"returned_in\": [\n      \"v1.2\"\n    ]") != std::string::npos);
}

TEST_CASE("nightly: one index at a time, queries go on while one writes") {
  GitRepo repo;
  repo.release("v1.0", "include/a.h", "KS_A\n", 1500000000);
  TempDir tmp;
  write_file(tmp.file("p.yaml"), names_yaml({"KS_A"}));
  std::string db = tmp.file("k.db");
  REQUIRE(run(index_cmd(repo, tmp.file("p.yaml"), db)).status == 0);
  {
    IndexLock held(db);  // as a running index would
    auto r = run(index_cmd(repo, tmp.file("p.yaml"), db));
    CHECK(r.status == 2);
    CHECK(r.err.find("another `ksince index` is running on this database") != std::string::npos);
    // A writer holds an open transaction: readers still see the last commit.
    Store w(db, Store::Mode::Create);
    Store::Transaction t(w);
    w.set_meta("in", "progress");
    auto q = run(shell_quote(kBin) + " query --db " + shell_quote(db) + " KS_A");
    CHECK(q.status == 0);
    CHECK(q.out.find("KS_A  v1.0") == 0);
  }
  CHECK(run(index_cmd(repo, tmp.file("p.yaml"), db)).status == 0);  // released with its holder
  // The lock is its own file, DB.lock: a flock(1) on it holds off an index
  // run, and a flock on the database file itself does not.
  auto held = run("flock -n " + shell_quote(db + ".lock") + " " + index_cmd(repo, tmp.file("p.yaml"), db));
  CHECK(held.status == 2);
  CHECK(held.err.find("another `ksince index` is running on this database") != std::string::npos);
  CHECK(run("flock -n " + shell_quote(db) + " " + index_cmd(repo, tmp.file("p.yaml"), db)).status == 0);
}
