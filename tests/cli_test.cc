// The real binary on bad input: a clear message, a non-zero exit, and the
// index exactly as it was.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include "git_fixture.h"

using namespace ksince::test;

namespace {

const std::string kBin = KSINCE_BIN;

CommandResult run_ksince(const std::string& args) { return run(shell_quote(kBin) + " " + args); }

// The database's whole content, to prove a failed run changed nothing.
std::string dump(const std::string& db) { return run("sqlite3 " + shell_quote(db) + " .dump").out; }

struct Fixture {
  GitRepo repo;
  TempDir tmp;
  std::string db = tmp.file("k.db");
  std::string patterns = tmp.file("p.yaml");
  Fixture() {
    repo.write("include/a.h", "KS_A\n");
    repo.commit("one", 1500000000);
    repo.tag("v1.0", "HEAD", true, 1500000001);
    write_file(patterns, "files: [include/*]\ntags: ['^v1']\npatterns:\n  - name: g\n    patterns:\n"
                         "      - name: KS_A\n      - name: KS_B\n");
  }
  std::string index_args(const std::string& repo_path, const std::string& pfile, const std::string& dbfile) {
    return "index --repo " + shell_quote(repo_path) + " --patterns " + shell_quote(pfile) + " --db " +
           shell_quote(dbfile);
  }
};

void expect_failure(const CommandResult& r, const std::string& message) {
  INFO("stderr: ", r.err);
  CHECK(r.status == 2);
  CHECK(r.err.find(message) != std::string::npos);
  CHECK(r.out.empty());
}

}  // namespace

TEST_CASE("cli: index, query, export on a real repository") {
  Fixture f;
  auto r = run_ksince(f.index_args(f.repo.path(), f.patterns, f.db));
  CHECK(r.status == 0);
  CHECK(r.err.empty());  // no progress output when stderr is not a terminal
  auto q = run_ksince("query --db " + shell_quote(f.db) + " KS_A");
  CHECK(q.status == 0);
  CHECK(q.out == "KS_A  v1.0  (group g)\n");
  auto u = run_ksince("query --db " + shell_quote(f.db) + " KS_A KS_UNKNOWN");
  CHECK(u.status == 1);
  CHECK(u.err.find("KS_UNKNOWN: unknown name") != std::string::npos);
  auto j = run_ksince("query --json --db " + shell_quote(f.db) + " KS_B");
  CHECK(j.status == 0);
  CHECK(j.out.find("\"version\": \"\"") != std::string::npos);
  std::string out = f.tmp.file("data.yaml");
  CHECK(run_ksince("export --db " + shell_quote(f.db) + " --out " + shell_quote(out)).status == 0);
  CHECK(read_file(out) ==
        "- name: g\n  features:\n    - name: KS_A\n      version: v1.0\n      commit: \"\"\n"
        "    - name: KS_B\n      version: \"\"\n      commit: \"\"\n");
  // A second release brings KS_B: query gives its commit, show the evidence.
  f.repo.write("include/a.h", "KS_A\nint KS_B;\n");
  std::string c2 = f.repo.commit("add KS_B", 1500001000);
  f.repo.tag("v1.1", "HEAD", true, 1500001001);
  REQUIRE(run_ksince(f.index_args(f.repo.path(), f.patterns, f.db)).status == 0);
  auto q2 = run_ksince("query --db " + shell_quote(f.db) + " KS_B");
  CHECK(q2.out == "KS_B  v1.1  " + c2.substr(0, 12) + " 2017-07-14 \"add KS_B\"  (group g, prev v1.0)\n");
  auto s = run_ksince("show --db " + shell_quote(f.db) + " KS_B");
  CHECK(s.status == 0);
  CHECK(s.out.find("commit   " + c2) != std::string::npos);
  CHECK(s.out.find("found    include/a.h:2: int KS_B;") != std::string::npos);
  CHECK(s.out.find("present here, absent at every parent") != std::string::npos);
  CHECK(run_ksince("show --db " + shell_quote(f.db) + " KS_NOPE").status == 1);
  CHECK(run_ksince("--help").out.find("examples:") != std::string::npos);
  CHECK(run_ksince("index --help").out.find("examples:") != std::string::npos);
}

TEST_CASE("cli: bad input is refused clearly and writes nothing") {
  Fixture f;
  REQUIRE(run_ksince(f.index_args(f.repo.path(), f.patterns, f.db)).status == 0);
  std::string before = dump(f.db);
  REQUIRE(!before.empty());
  // New commits and a new tag, so that a run that went through would write.
  f.repo.write("include/a.h", "KS_A KS_B\n");
  f.repo.commit("two", 1500001000);
  f.repo.tag("v1.1", "HEAD", true, 1500001001);

  SUBCASE("malformed patterns file: line and column") {
    write_file(f.patterns, "files: [include/*]\ntags: ['^v1']\npatterns:\n  - name: g\n    patterns: [\n");
    expect_failure(run_ksince(f.index_args(f.repo.path(), f.patterns, f.db)), f.patterns + ":6:1: invalid YAML");
  }
  SUBCASE("invalid regex: the pattern is named") {
    write_file(f.patterns, "files: [include/*]\ntags: ['^v1']\npatterns:\n  - name: g\n    patterns:\n"
                           "      - name: BROKEN\n        regexes: ['KS_(A']\n");
    expect_failure(run_ksince(f.index_args(f.repo.path(), f.patterns, f.db)),
                   "pattern 'BROKEN' in group 'g' (" + f.patterns +
                       ":6:9): invalid regex 'KS_(A': Unmatched ( or \\(");
  }
  SUBCASE("not a repository") {
    expect_failure(run_ksince(f.index_args(f.tmp.path(), f.patterns, f.db)), "not a git repository");
  }
  SUBCASE("no tag matches") {
    write_file(f.patterns, "files: [include/*]\ntags: ['^release-']\npatterns:\n  - name: g\n    patterns:\n"
                           "      - name: KS_A\n");
    expect_failure(run_ksince(f.index_args(f.repo.path(), f.patterns, f.db)),
                   "none of its 2 tags matches the tag regexes");
  }
  SUBCASE("a database from another repository") {
    GitRepo other;
    other.write("include/a.h", "KS_A other\n");
    other.commit("other", 1500000000);
    other.tag("v1.0", "HEAD", true, 1500000001);
    expect_failure(run_ksince(f.index_args(other.path(), f.patterns, f.db)), "indexes another repository");
  }
  SUBCASE("unknown option and bad values") {
    auto r = run_ksince(f.index_args(f.repo.path(), f.patterns, f.db) + " --tag-order random");
    expect_failure(r, "--tag-order must be 'version' or 'date'");
    expect_failure(run_ksince("index --patterns x"), "--repo");
  }
  CHECK(dump(f.db) == before);
}

TEST_CASE("cli: an unwritable database path") {
  Fixture f;
  SUBCASE("missing folder") {
    expect_failure(run_ksince(f.index_args(f.repo.path(), f.patterns, f.tmp.file("no/such/dir/k.db"))),
                   "cannot create the database's lock file " + f.tmp.file("no/such/dir/k.db.lock") +
                       ": No such file or directory");
  }
  SUBCASE("read-only file") {
    REQUIRE(run_ksince(f.index_args(f.repo.path(), f.patterns, f.db)).status == 0);
    std::string before = dump(f.db);
    chmod(f.db.c_str(), 0444);
    if (getuid() == 0) {
      // root ignores file modes: run ksince as nobody, owner of everything
      // the run reads (libgit2 wants the repository owned by its user), with
      // a HOME it can read.
      for (const std::string& d : {f.tmp.path(), f.repo.path()})
        REQUIRE(run("chown -R 65534:65534 " + shell_quote(d)).status == 0);
      expect_failure(run("HOME=" + shell_quote(f.tmp.path()) +
                         " setpriv --reuid=65534 --regid=65534 --clear-groups " + shell_quote(kBin) + " " +
                         f.index_args(f.repo.path(), f.patterns, f.db)),
                     "the database file is read-only");
    } else {
      expect_failure(run_ksince(f.index_args(f.repo.path(), f.patterns, f.db)), "the database file is read-only");
    }
    CHECK(dump(f.db) == before);
  }
}

TEST_CASE("cli: a full disk behind stdout is an error, not a short output") {
  Fixture f;
  REQUIRE(run_ksince(f.index_args(f.repo.path(), f.patterns, f.db)).status == 0);
  const std::string db = " --db " + shell_quote(f.db);
  for (const std::string& cmd : {"export" + db, "export --format json" + db, "query --json KS_A" + db,
                                 "query KS_A" + db, "show --json KS_A" + db, "show KS_A" + db,
                                 "status --json" + db, std::string("--version")}) {
    CAPTURE(cmd);
    // The same command works when its output has somewhere to go...
    auto ok = run_ksince(cmd);
    CHECK(ok.status == 0);
    CHECK(!ok.out.empty());
    // ...and fails, saying why, when it has not.
    auto full = run_ksince(cmd + " >/dev/full");
    CHECK(full.status == 2);
    CHECK(full.err.find("ksince: error: writing to standard output failed: No space left on device") !=
          std::string::npos);
  }
}

TEST_CASE("cli: threads the system refuses are an error, not an abort, and lose nothing") {
  Fixture f;
  REQUIRE(run_ksince(f.index_args(f.repo.path(), f.patterns, f.db)).status == 0);
  // The answers and the run log (a failed run may add cache bookkeeping).
  auto answers = [&] {
    return run("sqlite3 " + shell_quote(f.db) + " " +
               shell_quote(".dump meta tags presence patterns features commits runs")).out;
  };
  std::string before = answers();
  REQUIRE(before.find("INSERT INTO features") != std::string::npos);
  // A new pattern, so that the next run must scan (and so start threads).
  std::string more = f.tmp.file("more.yaml");
  write_file(more, read_file(f.patterns) + "      - name: KS_C\n");
  // RLIMIT_NPROC counts the user's tasks and does not bind root: as root,
  // run ksince as nobody, owner of what it reads, with a HOME it can read.
  bool root = getuid() == 0;
  std::string as_user;
  if (root) {
    for (const std::string& d : {f.tmp.path(), f.repo.path()})
      REQUIRE(run("chown -R 65534:65534 " + shell_quote(d)).status == 0);
    as_user = "HOME=" + shell_quote(f.tmp.path()) + " setpriv --reuid=65534 --regid=65534 --clear-groups ";
  }
  // LeakSanitizer needs a thread of its own at exit.
  auto limited = [&](int tasks) {
    return run("ASAN_OPTIONS=detect_leaks=0 " + as_user + "bash -c " +
               shell_quote("ulimit -u " + std::to_string(tasks) + "; exec " + shell_quote(kBin) + " " +
                           f.index_args(f.repo.path(), more, f.db) + " --jobs 2"));
  };
  // 1 task: the scan's feeder thread fails; 2: its first worker. (3 would
  // refuse the second worker only while the first still runs: a race.)
  // Without root only the first case can be made (the user's other tasks
  // count too).
  for (int tasks : root ? std::vector<int>{1, 2} : std::vector<int>{1}) {
    CAPTURE(tasks);
    auto r = limited(tasks);
    CHECK(r.status == 2);
    CHECK(r.err.find("ksince: error: cannot start thread ") == 0);
    CHECK(r.err.find("run with fewer --jobs, or raise the limit on processes (ulimit -u)") != std::string::npos);
    CHECK(answers() == before);
  }
  auto ok = run(as_user + shell_quote(kBin) + " " + f.index_args(f.repo.path(), more, f.db));
  CHECK(ok.status == 0);
  CHECK(answers() != before);
}
