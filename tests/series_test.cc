// Stable series (docs/series.md) on generated kernel-like histories: every
// answer per series against a per-point walk of git, "do I have it" at a
// kernel version against the same walk, revisions against dpkg itself, and
// the selection's bad input.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <set>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "commits/upstream.h"
#include "fact_oracle.h"
#include "git_fixture.h"
#include "repo/version.h"
#include "series_history.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const std::string kBin = KSINCE_BIN;
const std::string kSeriesRegex = R"(^v(?<series>1\.[0-9]+)\.(?<point>[0-9]+)$)";

// The patterns file: releases from v1.1 (so series 1.0.y has no base
// indexed), the series regex, identifiers, and some of the history's names.
std::string patterns(const SeriesHistory& h) {
  std::string y = "files: [include, kernel]\ntags: ['^v1\\.[1-9]$']\nseries: '" + kSeriesRegex +
                  "'\nidentifiers: true\npatterns:\n  - name: functions\n    patterns:\n";
  for (size_t i = 0; i < h.functions.size(); i += 2) y += "      - name: " + h.functions[i] + "\n";
  y += "  - name: program_types\n    kind: prog_type\n    patterns:\n";
  for (const std::string& p : h.prog_types) y += "      - name: " + p + "\n";
  return y;
}

struct Fixture {
  Builder b;
  SeriesHistory h;
  TempDir tmp;
  std::string db = tmp.file("k.db"), yaml = tmp.file("p.yaml");
  explicit Fixture(unsigned seed, int releases = 4, int series = 3, int points = 4)
      : h(make_series_history(b, seed, releases, 6, series, points)) {
    write_file(yaml, patterns(h));
  }
  CommandResult index(const std::string& db_path, const std::string& extra = "") const {
    return run(shell_quote(kBin) + " index --quiet --repo " + shell_quote(b.repo.path()) + " --patterns " +
               shell_quote(yaml) + " --db " + shell_quote(db_path) + " " + extra);
  }
  nlohmann::json query(const std::string& name, const std::string& extra = "") const {
    auto r = run(shell_quote(kBin) + " query --json --db " + shell_quote(db) + " " + name + " " + extra);
    REQUIRE_MESSAGE((r.status == 0 || r.status == 1), r.err);
    return nlohmann::json::parse(r.out).at(0);
  }
};

// The SPEC's rule over a series, computed here on its own: points newest
// first, then the base where there is one.
nlohmann::json expected(const std::vector<std::string>& labels, const std::vector<bool>& here, const std::string& base,
                        bool base_here) {
  std::vector<std::string> order = labels;
  std::vector<bool> at = here;
  if (!base.empty()) order.push_back(base), at.push_back(base_here);
  std::string version, prev;
  for (size_t i = 0; i < order.size() && at[i]; i++) {
    version = order[i];
    prev = i + 1 < order.size() ? order[i + 1] : "";
  }
  std::vector<std::string> present, removed, returned;
  std::string first_seen;
  for (size_t i = 0; i < order.size(); i++)
    if (at[i]) present.push_back(order[i]);
  bool before = false;
  for (size_t i = order.size(); i-- > 0;) {
    if (at[i] && !before) (first_seen.empty() ? first_seen : returned.emplace_back()) = order[i];
    if (!at[i] && before) removed.push_back(order[i]);
    before = at[i];
  }
  std::string since = version.empty() ? "" : version == base && !base.empty() ? "base" : prev.empty() ? "first point" : "point";
  return {{"base", base}, {"version", version}, {"prev", prev}, {"since", since}, {"present", present},
          {"first_seen", first_seen}, {"removed_in", removed}, {"returned_in", returned}, {"newest", labels.front()}};
}

// Presence at a tag by git: a word (git grep -w) in pathspecs, a function's
// definition (its file), a program type (a member line of the uapi enum).
using GitTest = std::function<bool(const std::string& tag)>;

// For one series: the expected answer from git's presence at each point.
nlohmann::json expected_on(const Fixture& f, const std::string& series, const GitTest& present) {
  std::vector<std::string> labels;
  std::vector<bool> here;
  const std::vector<std::string>& tags = f.h.points.at(series);
  for (auto t = tags.rbegin(); t != tags.rend(); ++t) {
    labels.push_back(t->substr(1));
    here.push_back(present(*t));
  }
  std::string base = series == "1.0" ? "" : "v" + series;  // v1.0 is not selected
  return expected(labels, here, base, !base.empty() && present(base));
}

bool function_at(const GitRepo& r, const std::string& tag, const std::string& fn) {
  return r.git_status("cat-file -e " + tag + ":kernel/" + fn + ".c") == 0;
}
bool prog_type_at(const GitRepo& r, const std::string& tag, const std::string& member) {
  return r.git("show " + tag + ":" + kSeriesUapi).find("\t" + member + ",\n") != std::string::npos;
}

}  // namespace

TEST_CASE("series: every answer per series is the version rule over a per-point walk of git") {
  for (unsigned seed : {1u, 2u}) {
    CAPTURE(seed);
    Fixture f(seed);
    auto r = f.index(f.db);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    REQUIRE(f.h.points.size() == 3);
    const GitRepo& repo = f.b.repo;
    size_t compared = 0, backported = 0, removed = 0;
    std::vector<std::string> functions = f.h.functions;
    functions.push_back("base_fn");
    for (const std::string& fn : functions) {
      CAPTURE(fn);
      nlohmann::json q = f.query(fn);
      bool pattern = q.contains("group");
      for (const auto& in_series : f.h.points) {
        const std::string& series = in_series.first;  // (clang 14 captures no structured binding)
        CAPTURE(series);
        // Mentioned: git grep -w in the identifier scope.
        nlohmann::json mentioned = expected_on(f, series, [&](const std::string& t) {
          return repo.grep(t, {fn}, false, documented_identifier_scope());
        });
        // Defined: the function's file is there.
        nlohmann::json defined = expected_on(f, series, [&](const std::string& t) { return function_at(repo, t, fn); });
        CHECK(q["identifier"]["series"][series]["mentioned"] == mentioned);
        CHECK(q["identifier"]["series"][series]["defined"] == defined);
        if (pattern)  // a pattern: git grep -w in its files
          CHECK(q["series"][series] == expected_on(f, series, [&](const std::string& t) {
                  return repo.grep(t, {fn}, false, {"include", "kernel"});
                }));
        compared++;
        backported += defined["since"] == "point";
        removed += !defined["removed_in"].empty() || (defined["version"] == "" && !defined["present"].empty());
      }
    }
    for (const std::string& p : f.h.prog_types) {
      CAPTURE(p);
      nlohmann::json q = f.query(p);
      for (const auto& in_series : f.h.points) {
        const std::string& series = in_series.first;  // (clang 14 captures no structured binding)
        CAPTURE(series);
        nlohmann::json want = expected_on(f, series, [&](const std::string& t) { return prog_type_at(repo, t, p); });
        CHECK(q["series"][series] == want);  // the pattern takes its fact's answer
        bool fact = false;
        for (const auto& d : q["derived"])
          if (d["kind"] == "prog_type" && d["key"] == p) {
            CHECK(d["series"][series] == want);
            fact = true;
          }
        CHECK(fact);  // every member is a release's too
      }
    }
    // The history did what the answers are about.
    CHECK(compared > 20);
    CHECK(backported > 0);
    CHECK(removed > 0);
  }
}

namespace {

// git's answer at a kernel version, by the table of docs/series.md, from the
// presence at each point of a series (oldest first) and at its base.
std::string have_by_git(const std::vector<uint64_t>& points, const std::vector<bool>& here, std::optional<bool> base,
                        uint64_t want) {
  for (size_t i = 0; i < points.size(); i++)
    if (points[i] == want) return here[i] ? "present" : "absent";
  if (want > points.back()) return here.back() ? "present" : "absent";
  if (want < points.front()) return base ? (*base ? "present" : "absent") : "undetermined";
  size_t hi = 0;
  while (points[hi] < want) hi++;
  return here[hi] == here[hi - 1] ? (here[hi] ? "present" : "absent") : "undetermined";
}

}  // namespace

TEST_CASE("series: query --kernel answers as the points git walks say, with its exit status") {
  Fixture f(3);
  REQUIRE(f.index(f.db).status == 0);
  const GitRepo& repo = f.b.repo;
  std::mt19937 rng(3);
  size_t kinds[3] = {0, 0, 0};  // present, absent, undetermined seen
  for (const auto& in_series : f.h.points) {
    const std::string& series = in_series.first;
    const std::vector<std::string>& tags = in_series.second;
    std::vector<uint64_t> points;
    for (const std::string& t : tags) points.push_back(std::stoull(t.substr(t.rfind('.') + 1)));
    for (int round = 0; round < 6; round++) {
      const std::string& fn = f.h.functions[rng() % f.h.functions.size()];
      std::vector<bool> here;
      for (const std::string& t : tags) here.push_back(function_at(repo, t, fn));
      std::optional<bool> base;
      if (series != "1.0") base = function_at(repo, "v" + series, fn);
      // Every point, one between, above, below (and uname's spelling of it).
      for (uint64_t want : {uint64_t(0), points.front(), points.back(), points.back() + 3, (points.front() + points.back()) / 2}) {
        std::string version = series + "." + std::to_string(want);
        std::string want_have = have_by_git(points, here, base, want);
        for (const std::string& spelled : {version, "v" + version, version + "-7-amd64", version + "+deb13-amd64"}) {
          CAPTURE(fn);
          CAPTURE(spelled);
          auto r = run(shell_quote(kBin) + " query --json --db " + shell_quote(f.db) + " " + fn + " --kernel " + spelled);
          nlohmann::json j = nlohmann::json::parse(r.out).at(0);
          if (!j["known"]) {  // at no selected release or point: unknown to the index, which is 1
            for (const std::string& t : tags) CHECK_FALSE(function_at(repo, t, fn));
            for (size_t i = 1; i < f.h.releases.size(); i++) CHECK_FALSE(function_at(repo, f.h.releases[i], fn));
            CHECK(r.status == 1);
            continue;
          }
          CHECK(j["have"] == want_have);
          CHECK(r.status == (want_have == "present" ? 0 : want_have == "absent" ? 1 : 3));
          kinds[want_have == "present" ? 0 : want_have == "absent" ? 1 : 2]++;
          if (want_have == "undetermined" && want > points.front()) {
            CHECK(!j["absent_at"].get<std::string>().empty());  // the bracket
            CHECK(!j["present_at"].get<std::string>().empty());
          }
        }
      }
    }
  }
  CHECK(kinds[0] > 0);
  CHECK(kinds[1] > 0);
  CHECK(kinds[2] > 0);
  // A series the index lacks: the release's answer; none: undetermined.
  const std::string& fn = f.h.functions.back();
  std::string last = f.h.releases.back().substr(1);
  auto mainline = run(shell_quote(kBin) + " query --json --db " + shell_quote(f.db) + " " + fn + " --kernel " + last + ".9");
  CHECK(nlohmann::json::parse(mainline.out).at(0)["how"] == "mainline");
  CHECK(nlohmann::json::parse(mainline.out).at(0)["have"] ==
        (function_at(repo, "v" + last, fn) ? "present" : "absent"));
  auto none = run(shell_quote(kBin) + " query --db " + shell_quote(f.db) + " " + fn + " --kernel 9.9.9");
  CHECK(none.status == 3);
  // An unknown name makes it 1; a value that is not a version is an error.
  CHECK(run(shell_quote(kBin) + " query --db " + shell_quote(f.db) + " no_such_name --kernel " + last).status == 1);
  auto bad = run(shell_quote(kBin) + " query --db " + shell_quote(f.db) + " " + fn + " --kernel banana");
  CHECK(bad.status == 2);
  CHECK(bad.err.find("'banana' is not a kernel version") != std::string::npos);
}

TEST_CASE("series: revisions of a point sort in dpkg's order, each a point of its own") {
  // dpkg itself is the oracle of the order, on random revisions of its grammar.
  std::mt19937 rng(5);
  const std::string alphabet = "0123456789abz~+.";
  std::vector<std::string> revs = {"1", "2", "10", "1~deb12u1", "1~bpo13+1", "1+b1", "3", "1~rc1", "1.1"};
  for (int i = 0; i < 40; i++) {
    std::string r(1, "0123456789"[rng() % 10]);
    for (size_t n = rng() % 6; n > 0; n--) r += alphabet[rng() % alphabet.size()];
    revs.push_back(r);
  }
  for (size_t i = 0; i < revs.size(); i++)
    for (size_t j = i + 1; j < revs.size(); j += 3) {
      const std::string &a = revs[i], &b = revs[j];
      CAPTURE(a);
      CAPTURE(b);
      int ours = dpkg_version_compare(a, b);
      bool lt = run("dpkg --compare-versions " + shell_quote("1:" + a) + " lt " + shell_quote("1:" + b)).status == 0;
      bool eq = run("dpkg --compare-versions " + shell_quote("1:" + a) + " eq " + shell_quote("1:" + b)).status == 0;
      CHECK((ours < 0) == lt);
      CHECK((ours == 0) == eq);
    }
  // Through the index: three revisions of one point, tagged as Debian's
  // repositories tag them (DEP-14: ~ as _), are three points in dpkg's order.
  GitRepo repo;
  int64_t date = 1600000000;
  std::map<std::string, std::string> name_of;  // revision -> the name only its tree has
  for (const std::string rev : {"2", "1_deb12u1", "1"}) {
    name_of[rev] = "v" + std::to_string(date);
    repo.write("k/a.c", "int v" + std::to_string(date) + ";\n");
    repo.commit("r", date += 100);
    repo.tag("debian/6.1.192-" + rev, "HEAD", true, date += 1);
  }
  TempDir tmp;
  write_file(tmp.file("p.yaml"), "series: '^debian/(?<series>\\d+\\.\\d+)\\.(?<point>\\d+)-(?<revision>.+)$'\n"
                                 "identifiers: true\n");
  auto r = run(shell_quote(kBin) + " index --quiet --repo " + shell_quote(repo.path()) + " --patterns " +
               shell_quote(tmp.file("p.yaml")) + " --db " + shell_quote(tmp.file("k.db")));
  REQUIRE_MESSAGE(r.status == 0, r.err);
  auto st = run(shell_quote(kBin) + " status --json --db " + shell_quote(tmp.file("k.db")));
  CHECK(nlohmann::json::parse(st.out)["series"]["6.1"] ==
        nlohmann::json::array({"6.1.192-2", "6.1.192-1", "6.1.192-1~deb12u1"}));
  // A revision the index lacks sits among them in dpkg's order: 1.5 between
  // 1 and 2, 3 above every one, 0 below (no base: undetermined).
  auto have = [&](const std::string& name, const std::string& kernel) {
    auto q = run(shell_quote(kBin) + " query --json --db " + shell_quote(tmp.file("k.db")) + " " + name +
                 " --kernel " + kernel);
    nlohmann::json j = nlohmann::json::parse(q.out).at(0);
    return j["have"].get<std::string>() + " " + j["how"].get<std::string>();
  };
  CHECK(have(name_of["2"], "6.1.192-1.5") == "undetermined none");
  CHECK(have(name_of["1_deb12u1"], "6.1.192-1.5") == "absent inferred");
  CHECK(have(name_of["2"], "6.1.192-3") == "present inferred");
  CHECK(have(name_of["1"], "6.1.192-3") == "absent inferred");
  CHECK(have(name_of["1"], "6.1.192-0") == "undetermined none");
  CHECK(have(name_of["1"], "6.1.192-1") == "present exact");
  CHECK(have(name_of["1_deb12u1"], "6.1.192-1~deb12u1") == "present exact");
}


TEST_CASE("series: bad selections are errors naming what is wrong, and leave the index as it was") {
  Fixture f(4, 3, 2, 2);
  REQUIRE(f.index(f.db).status == 0);
  auto answers = [&] {
    return run(shell_quote(kBin) + " export --db " + shell_quote(f.db)).out +
           run(shell_quote(kBin) + " query --json --db " + shell_quote(f.db) + " base_fn " + f.h.functions[0]).out;
  };
  const std::string before = answers();
  struct Case {
    const char* what;
    std::string series, expect;
  };
  const std::vector<Case> cases = {
      {"does not compile", "^v(?<series>1\\.[0-9]+\\.(?<point>[0-9]+)$", "does not compile"},
      {"lacks the point group", "^v(?<series>1\\.[0-9]+)\\.[0-9]+$", "has no group (?<point>...)"},
      {"a tag in both selections", "^v(?<series>1)\\.(?<point>[1-9])$", "is selected both by tags: and by the series regex"},
      {"lacks the series group", "^v1\\.[0-9]+\\.(?<point>[0-9]+)$", "has no group (?<series>...)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    auto r = f.index(f.db, "--series " + shell_quote(c.series));
    CHECK(r.status != 0);
    CHECK(r.err.find(c.expect) != std::string::npos);
    CHECK(answers() == before);
  }
  // Two tags placed at the same point: another tag spelling v1.0.1.
  f.b.repo.tag("x1.0.1", "v1.0.1", false, 0);
  auto dup = f.index(f.db, "--series " + shell_quote(R"(^[vx](?<series>1\.[0-9]+)\.(?<point>[0-9]+)$)"));
  CHECK(dup.status != 0);
  CHECK(dup.err.find("tags v1.0.1 and x1.0.1 are the same point of series 1.0") != std::string::npos);
  CHECK(answers() == before);
  // A tag the regex matches but cannot place: one warning naming it, counted
  // by status, and the run goes on.
  f.b.repo.tag("v1.0.x", "v1.0.1", false, 0);
  auto odd = f.index(f.db, "--series " + shell_quote(R"(^v(?<series>1\.[0-9]+)\.(?<point>[0-9]+|x)$)"));
  CHECK(odd.status == 0);
  const std::string warned = "tag v1.0.x matches the series regex";
  size_t first = odd.err.find(warned);
  CHECK(first != std::string::npos);
  CHECK(odd.err.find(warned, first + 1) == std::string::npos);  // once
  auto st = run(shell_quote(kBin) + " status --json --db " + shell_quote(f.db));
  CHECK(nlohmann::json::parse(st.out)["unplaced"] == nlohmann::json::array({"v1.0.x"}));
  // The patterns file's series: key is read by the same rule, and its
  // message says where in the file.
  const std::string after_odd = answers();
  std::string bad = f.tmp.file("bad.yaml");
  write_file(bad, "files: [kernel]\ntags: ['^v1\\.[1-9]$']\nseries: '^v(?<series>1\\.[0-9]+\\.(?<point>[0-9]+)$'\n"
                  "patterns:\n  - name: g\n    patterns:\n      - name: base_fn\n");
  auto in_file = run(shell_quote(kBin) + " index --quiet --repo " + shell_quote(f.b.repo.path()) + " --patterns " +
                     shell_quote(bad) + " --db " + shell_quote(f.db));
  CHECK(in_file.status != 0);
  CHECK(in_file.err.find(bad + ":3:") != std::string::npos);
  CHECK(in_file.err.find("does not compile") != std::string::npos);
  CHECK(answers() == after_odd);
}

namespace {

// A point of a distribution's trees, as bench/make-kernel-repo.sh's series
// mode makes them: a root commit of its own (no release, no base), tagged
// debian/VERSION; `write` puts its files in the work tree.
void commit_point(GitRepo& repo, int64_t& date, const std::string& version, const std::function<void()>& write) {
  repo.git("checkout -q --orphan p" + std::to_string(date));
  repo.git("rm -rq --cached . --ignore-unmatch");
  write();
  repo.commit("Linux " + version, date += 100);
  repo.tag("debian/" + version, "HEAD", true, date += 1);
}

// The points indexed by a patterns file of Debian's series regex and
// `rest` (files:, identifiers:, patterns:): the database's path.
std::string index_points(const GitRepo& repo, const TempDir& tmp, const std::string& rest) {
  write_file(tmp.file("p.yaml"),
             "series: '^debian/(?<series>\\d+\\.\\d+)\\.(?<point>\\d+)-(?<revision>.+)$'\n" + rest);
  std::string db = tmp.file("k.db");
  auto r = run(shell_quote(kBin) + " index --quiet --repo " + shell_quote(repo.path()) + " --patterns " +
               shell_quote(tmp.file("p.yaml")) + " --db " + shell_quote(db));
  REQUIRE_MESSAGE(r.status == 0, r.err);
  return db;
}

}  // namespace

TEST_CASE("series: an index of series alone (a distribution's trees) answers per series") {
  // Root commits, one per package version, as bench/make-kernel-repo.sh's
  // series mode makes them: no release, no base.
  GitRepo repo;
  int64_t date = 1600000000;
  std::vector<std::pair<std::string, std::string>> points = {
      {"5.10.218-1", "int a(void) { return 0; }\n"},
      {"5.10.223-1", "int a(void) { return 0; }\nint b(void) { return 0; }\n"},
      {"5.10.251-5", "int b(void) { return 0; }\n"}};
  // And a program type (a derived fact) that only the last two have.
  std::map<std::string, std::vector<std::string>> prog_types = {
      {"5.10.218-1", {"BPF_PROG_TYPE_SOCKET_FILTER"}},
      {"5.10.223-1", {"BPF_PROG_TYPE_SOCKET_FILTER", "BPF_PROG_TYPE_KPROBE"}},
      {"5.10.251-5", {"BPF_PROG_TYPE_SOCKET_FILTER", "BPF_PROG_TYPE_KPROBE"}}};
  for (const auto& [version, text] : points)
    commit_point(repo, date, version, [&, &version = version, &text = text] {
      repo.write("k/a.c", text);
      repo.write(kSeriesUapi, series_uapi(prog_types[version]));
    });
  TempDir tmp;
  std::string db =
      index_points(repo, tmp, "files: [k]\nidentifiers: true\npatterns:\n  - name: g\n    patterns:\n      - name: b\n");
  auto q = run(shell_quote(kBin) + " query --json --db " + shell_quote(db) + " a b");
  nlohmann::json j = nlohmann::json::parse(q.out);
  // a: in the first two, removed at the third; b: from the second.
  nlohmann::json a = j.at(0)["identifier"]["series"]["5.10"]["defined"], b = j.at(1)["series"]["5.10"];
  CHECK(a["version"] == "");
  CHECK(a["present"] == nlohmann::json::array({"5.10.223-1", "5.10.218-1"}));
  CHECK(a["removed_in"] == nlohmann::json::array({"5.10.251-5"}));
  CHECK(b["version"] == "5.10.223-1");
  CHECK(b["prev"] == "5.10.218-1");
  CHECK(b["since"] == "point");
  CHECK(j.at(1)["version"] == "");  // no release: no mainline answer
  auto k = run(shell_quote(kBin) + " query --db " + shell_quote(db) + " b --kernel 5.10.230");
  CHECK(k.status == 0);  // present at 5.10.223-1 and 5.10.251-5
  CHECK(k.out == "b  present  (inferred: present at 5.10.223-1 and at 5.10.251-5)\n");
  // The fact no release has is listed, with its answer on the series, and
  // "do I have it" answers for it.
  q = run(shell_quote(kBin) + " query --json --db " + shell_quote(db) + " BPF_PROG_TYPE_KPROBE");
  REQUIRE_MESSAGE(q.status == 0, q.err);
  nlohmann::json fact, listed = nlohmann::json::parse(q.out);
  for (const auto& d : listed.at(0).at("derived"))
    if (d["kind"] == "prog_type" && d["key"] == "BPF_PROG_TYPE_KPROBE") fact = d;
  REQUIRE(fact.is_object());
  CHECK(fact["present"] == nlohmann::json::array());
  CHECK(fact["at"] == "debian/5.10.251-5");
  CHECK(fact["series"]["5.10"]["version"] == "5.10.223-1");
  CHECK(fact["series"]["5.10"]["prev"] == "5.10.218-1");
  k = run(shell_quote(kBin) + " query --db " + shell_quote(db) + " BPF_PROG_TYPE_KPROBE --kernel 5.10.220");
  CHECK(k.status == 3);  // absent at 5.10.218-1, present at 5.10.223-1
  k = run(shell_quote(kBin) + " query --db " + shell_quote(db) + " BPF_PROG_TYPE_KPROBE --kernel 5.10.251-5");
  CHECK(k.status == 0);
  k = run(shell_quote(kBin) + " query --db " + shell_quote(db) + " BPF_PROG_TYPE_KPROBE --kernel 5.10.218-1");
  CHECK(k.status == 1);
}

TEST_CASE("series: a type's helpers at a kernel, on an index of series alone, are the points' own") {
  // A distribution's trees (root commits, no release): per point, random
  // helpers of one program type, as the source the test writes has them.
  // Every pair is then a fact only points have; the answer at a kernel for
  // each helper comes from these sets, by the table of docs/series.md.
  for (unsigned seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    const std::vector<std::string> pool = {"map_lookup_elem", "redirect", "xdp_adjust_head", "ktime_get_ns",
                                           "tail_call", "perf_event_output"};
    const std::vector<std::string> versions = {"5.10.218-1", "5.10.223-1", "5.10.251-5", "5.10.262-1"};
    std::vector<std::set<std::string>> sets;  // per point, oldest first
    GitRepo repo;
    int64_t date = 1600000000;
    for (const std::string& version : versions) {
      HelperSource src;
      src.helpers = pool;
      std::set<std::string> here;
      for (const std::string& h : pool)
        if (rng() % 2) here.insert(h);
      if (here.empty()) here.insert(pool[rng() % pool.size()]);
      sets.push_back(here);
      src.programs["BPF_PROG_TYPE_XDP"] = {"net/core/filter.c", {here.begin(), here.end()}};
      commit_point(repo, date, version, [&] { src.write(repo); });
    }
    TempDir tmp;
    std::string db = index_points(repo, tmp, "files: [include, net]\npatterns:\n  - name: g\n    patterns:\n      - name: xdp\n");
    std::vector<uint64_t> points = {218, 223, 251, 262};
    size_t kinds[3] = {0, 0, 0};
    for (const std::string& kernel : {std::string("5.10.223-1"), std::string("5.10.251"), std::string("5.10.240"),
                                      std::string("5.10.219"), std::string("5.10.300"), std::string("5.10.100"),
                                      std::string("5.10.0-35-amd64")}) {
      CAPTURE(kernel);
      auto k = run(shell_quote(kBin) + " query --json --db " + shell_quote(db) + " BPF_PROG_TYPE_XDP --helpers --kernel " +
                   kernel);
      nlohmann::json j = nlohmann::json::parse(k.out).at(0);
      uint64_t want = std::stoull(kernel.substr(5, kernel.find_first_of("-", 5) - 5));
      if (kernel == "5.10.0-35-amd64") want = 0;  // uname's ABI name: its X.Y.Z is 5.10.0
      std::map<std::string, std::string> expect;  // helper -> present, absent, undetermined
      for (const std::string& h : pool) {
        std::vector<bool> here;
        for (const auto& s : sets) here.push_back(s.count(h) > 0);
        if (std::find(here.begin(), here.end(), true) == here.end()) continue;  // no point has it
        expect["bpf_" + h] = have_by_git(points, here, std::nullopt, want);
      }
      std::map<std::string, std::string> got;
      for (const auto& line : j.at("helpers")) got[line["name"]] = line["have"];
      CHECK(got == expect);
      bool absent = false, undetermined = false;
      for (const auto& [h, have] : expect) {
        absent = absent || have == "absent";
        undetermined = undetermined || have == "undetermined";
        kinds[have == "present" ? 0 : have == "absent" ? 1 : 2]++;
      }
      CHECK(k.status == (absent ? 1 : undetermined ? 3 : 0));
    }
    CHECK(kinds[0] > 0);
    CHECK(kinds[2] > 0);
  }
}

namespace {

// The citation as the test reads a message on its own.
std::string cited_by_git(const GitRepo& repo, const std::string& commit) {
  for (const std::string& line : split_lines(repo.git("log -1 --format=%B " + commit))) {
    std::vector<std::string> w = words_of(line);
    if (w.size() == 3 && w[0] == "commit" && w[2] == "upstream.") return w[1];
    if (w.size() == 5 && w[0] == "[" && w[1] == "Upstream" && w[2] == "commit" && w[4] == "]") return w[3];
  }
  return "";
}

// git tag --contains's oldest release among those the patterns file selects.
std::string oldest_release_by_git(const GitRepo& repo, const std::string& commit) {
  for (const std::string& t : split_lines(repo.git("tag --contains " + commit + " --sort=v:refname 'v1.*'"), true))
    if (t.size() >= 4 && t.find('.', 3) == std::string::npos && t != "v1.0") return t;
  return "";
}

// One backport judged by git: a qualifying commit between its two points
// (present there, absent at every parent) when there is one, and what its
// message cites with git tag --contains's oldest release. True when it cites.
bool judge_backport(const GitRepo& repo, const nlohmann::json& b, const GitTest& present) {
  CAPTURE(b.dump());
  std::string version = "v" + b["version"].get<std::string>();
  std::string prev = b["prev"].get<std::string>().rfind("v", 0) == 0 ? b["prev"].get<std::string>()
                                                                     : "v" + b["prev"].get<std::string>();
  std::vector<std::string> want = qualifying_commits(repo, version, prev, present);
  CHECK(b["searched"] == true);
  CHECK(b["exact"] == !want.empty());
  if (!want.empty()) CHECK(std::find(want.begin(), want.end(), b["commit"]) != want.end());
  std::string cites = b["commit"] == "" ? "" : cited_by_git(repo, b["commit"]);
  CHECK(b["upstream"] == cites);
  if (!cites.empty()) CHECK(b["upstream_release"] == oldest_release_by_git(repo, cites));
  return !cites.empty();
}

}  // namespace

TEST_CASE("series: each backport's commit is git's, and the release of what it cites is git tag --contains's") {
  for (unsigned seed : {6u, 7u}) {
    CAPTURE(seed);
    Fixture f(seed);
    REQUIRE(f.index(f.db).status == 0);
    const GitRepo& repo = f.b.repo;
    size_t judged = 0, cited = 0;
    for (size_t i = 0; i < f.h.functions.size(); i++) {
      const std::string& fn = f.h.functions[i];
      CAPTURE(fn);
      auto r = run(shell_quote(kBin) + " show --commit --json --db " + shell_quote(f.db) + " " + fn);
      if (r.status != 0) continue;  // in no selected tag or point
      nlohmann::json j = nlohmann::json::parse(r.out).at(0);
      // A pattern's backports (searched by index), and its definition's (by show --commit).
      nlohmann::json defined = j.contains("identifier") ? j["identifier"]["defined"] : nlohmann::json::object();
      std::vector<std::pair<nlohmann::json, GitTest>> kinds = {
          {defined.value("backports", nlohmann::json::array()),
           [&](const std::string& rev) { return function_at(repo, rev, fn); }}};
      if (i % 2 == 0)
        kinds.push_back({j.value("backports", nlohmann::json::array()),
                         [&](const std::string& rev) { return repo.grep(rev, {fn}, false, {"include", "kernel"}); }});
      for (const auto& [list, present] : kinds)
        for (const auto& b : list) {
          cited += judge_backport(repo, b, present);
          judged++;
        }
      // Every series where the definition came in at a point has its
      // backport, the name a pattern too or not.
      std::set<std::string> came_in, listed;
      if (j.contains("identifier"))
        for (const auto& [s, a] : j["identifier"]["series"].items())
          if (a["defined"]["since"] == "point") came_in.insert(s);
      for (const auto& b : defined.value("backports", nlohmann::json::array())) listed.insert(b["series"]);
      CHECK(listed == came_in);
      // --series: that series' answers and backports alone.
      if (i % 3 == 0 && j.contains("identifier")) {
        const std::string one = f.h.points.begin()->first;
        auto o = run(shell_quote(kBin) + " show --commit --json --series " + one + " --db " + shell_quote(f.db) + " " + fn);
        REQUIRE(o.status == 0);
        nlohmann::json k = nlohmann::json::parse(o.out).at(0);
        if (k.contains("series")) CHECK(k["series"].size() == 1);
        CHECK(k["identifier"]["series"].size() == 1);
        for (const auto& b : k["identifier"]["defined"].value("backports", nlohmann::json::array()))
          CHECK(b["series"] == one);
        CHECK(k["identifier"]["series"][one] == j["identifier"]["series"][one]);
      }
    }
    // The program types' (facts): searched by index with the facts' own
    // search; show (the pattern that declares the kind) and query (the
    // fact) give the same.
    size_t facts_judged = 0;
    for (const std::string& p : f.h.prog_types) {
      CAPTURE(p);
      auto s = run(shell_quote(kBin) + " show --json --db " + shell_quote(f.db) + " " + p);
      if (s.status != 0) continue;
      nlohmann::json shown = nlohmann::json::parse(s.out).at(0).value("backports", nlohmann::json::array());
      nlohmann::json listed, q = f.query(p);
      for (const auto& d : q["derived"])
        if (d["kind"] == "prog_type" && d["key"] == p) listed = d.value("backports", nlohmann::json::array());
      CHECK(shown == listed);
      for (const auto& b : shown) {
        judge_backport(repo, b, [&](const std::string& rev) { return prog_type_at(repo, rev, p); });
        facts_judged++;
      }
    }
    CHECK(judged > 0);
    CHECK(cited > 0);
    CHECK(facts_judged > 0);
    auto none = run(shell_quote(kBin) + " show --series 9.9 --db " + shell_quote(f.db) + " " + f.h.functions[0]);
    CHECK(none.status == 2);
    CHECK(none.err.find("has no series 9.9") != std::string::npos);
  }
}

TEST_CASE("series: a backport's message cites its upstream commit in either style, and nothing else does") {
  const std::string id = "1aaba11da9aa0123456789abcdef0123456789ab";  // 40 digits
  struct Message {
    std::string text, cites;
  };
  const std::vector<Message> messages = {
      {"bpf: fix\n\ncommit " + id + " upstream.\n\nbody\n", id},  // linux-stable's line
      {"bpf: fix\n\n[ Upstream commit " + id + " ]\n", id},          // Debian's, older stable's
      {"x\n\n  Commit " + id.substr(0, 12) + " upstream.\r\n", id.substr(0, 12)},  // case, indent, CRLF
      {"x\n\ncommit " + id + " upstream\n", id},                          // no period
      {"x\n\n[upstream commit " + id.substr(0, 20) + "]\n", id.substr(0, 20)},
      {"x\n\ncommit " + id.substr(0, 11) + " upstream.\n", ""},  // 11 digits: too short for an id
      {"x\n\ncommit " + id + "0 upstream.\n", ""},               // 41 digits
      {"x\n\ncommit " + id + " upstream, with changes.\n", ""},  // not the line
      {"x\n\nThis reverts commit " + id + ".\n", ""},            // a revert cites nothing upstream
      {"x\n\nFixes: " + id.substr(0, 12) + " (\"bpf: y\")\n", ""},
      {"x\n\n[ Upstream commit " + id + "\n", ""},               // unclosed
      {"", ""},
  };
  for (const Message& m : messages) {
    CAPTURE(m.text);
    CHECK(cited_upstream(m.text) == m.cites);
  }
}

TEST_CASE("series: query --upstream names the first point of each series whose history cites the commit") {
  Fixture f(8);
  REQUIRE(f.index(f.db).status == 0);
  const GitRepo& repo = f.b.repo;
  size_t carried = 0;
  for (const auto& change : f.h.change_of) {
    const std::string& id = change.second;
    CAPTURE(id);
    for (const std::string& spelled : {id, id.substr(0, 12)}) {
      auto r = run(shell_quote(kBin) + " query --upstream " + spelled + " --json --db " + shell_quote(f.db));
      nlohmann::json j = nlohmann::json::parse(r.out);
      bool any = false;
      for (const auto& a : j) {
        std::string series = a["series"];
        std::string first;  // git: the oldest point with a commit citing it in its history
        for (const std::string& t : f.h.points.at(series))
          if (first.empty() && !split_lines(repo.git("log --format=%H --grep=" + id + " " + t), true).empty())
            first = t.substr(1);
        CHECK(a["point"] == first);
        std::string base = series == "1.0" ? "" : "v" + series;
        bool in_base = !base.empty() && repo.git_status("merge-base --is-ancestor " + id + " " + base) == 0;
        CHECK(a["in_base"] == (in_base ? base : ""));
        any = any || !first.empty() || in_base;
        carried += !first.empty();
      }
      CHECK(r.status == (any ? 0 : 1));
    }
  }
  CHECK(carried > 0);
  // Too short to be a commit's, or not hex: a usage error, not a match of
  // every citation that starts so.
  const std::string id = f.h.change_of.begin()->second;
  for (const std::string& bad : {id.substr(0, 1), id.substr(0, 6), "xyz" + id.substr(3, 9), id + "0"}) {
    CAPTURE(bad);
    auto r = run(shell_quote(kBin) + " query --upstream " + bad + " --db " + shell_quote(f.db));
    CHECK(r.status == 2);
    CHECK(r.err.find("'" + bad + "' is not a commit id") != std::string::npos);
    CHECK(r.out.empty());
  }
}

TEST_CASE("series: export and docs build say the series only when asked, and say each one's answer") {
  Fixture f(9);
  REQUIRE(f.index(f.db).status == 0);
  // The same patterns without series:, in another index: the data file and
  // the pages it gives are the ones to keep byte for byte.
  std::string plain_yaml = f.tmp.file("plain.yaml"), plain = f.tmp.file("plain.db");
  std::string text = read_file(f.yaml);
  write_file(plain_yaml, text.substr(0, text.find("series:")) + text.substr(text.find("identifiers:")));
  REQUIRE(run(shell_quote(kBin) + " index --quiet --repo " + shell_quote(f.b.repo.path()) + " --patterns " +
              shell_quote(plain_yaml) + " --db " + shell_quote(plain)).status == 0);
  auto exported = [&](const std::string& db, const std::string& extra) {
    auto r = run(shell_quote(kBin) + " export --db " + shell_quote(db) + " " + extra);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return r.out;
  };
  for (const char* format : {"--format yaml", "--format json"}) CHECK(exported(f.db, format) == exported(plain, format));

  // --series: each feature's series, as query gives them, with its backport.
  nlohmann::json file = nlohmann::json::parse(exported(f.db, "--format json --series"));
  size_t points = 0;
  for (const auto& g : file)
    for (const auto& feature : g["features"]) {
      nlohmann::json q = f.query(feature["name"]);
      REQUIRE(feature["series"].size() == f.h.points.size());
      for (const auto& s : feature["series"]) {
        const nlohmann::json& want = q["series"][s["name"].get<std::string>()];
        CHECK(s["version"] == want["version"]);
        CHECK(s["prev"] == want["prev"]);
        CHECK(s["since"] == want["since"]);
        points += s["since"] == "point";
      }
    }
  CHECK(points > 0);
  // The YAML carries the same, in go-yaml's layout (checked against the JSON).
  YAML::Node y = YAML::Load(exported(f.db, "--format yaml --series"));
  size_t g = 0;
  for (const auto& group : file) {
    size_t i = 0;
    for (const auto& feature : group["features"]) {
      YAML::Node ys = y[g]["features"][i++]["series"];
      for (size_t k = 0; k < feature["series"].size(); k++)
        for (const char* key : {"name", "version", "prev", "since", "commit"})
          CHECK(ys[k][key].as<std::string>() == feature["series"][k][key].get<std::string>());
    }
    g++;
  }

  // docs build: the FEATURE_TAG of each name, and the note only with --backports.
  std::string docs = f.tmp.file("docs"), page = docs + "/linux/page.md";
  std::string markers;
  for (const auto& group : file)
    for (const auto& feature : group["features"])
      markers += "<!-- [FEATURE_TAG](" + feature["name"].get<std::string>() + ") -->\n<!-- [/FEATURE_TAG] -->\n";
  auto build = [&](const std::string& db, const std::string& extra) {
    write_file(page, markers);
    auto r = run(shell_quote(kBin) + " docs build --quiet --root " + shell_quote(docs) + " --db " + shell_quote(db) + " " + extra);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return read_file(page);
  };
  CHECK(build(f.db, "") == build(plain, ""));
  std::string with = build(f.db, "--backports");
  std::string want;
  for (const auto& group : file)
    for (const auto& feature : group["features"]) {
      want += "<!-- [FEATURE_TAG](" + feature["name"].get<std::string>() + ") -->";
      if (feature["version"] == "") {
        want += "\n:octicons-tag-24: unknown\n";
      } else {
        std::string tag = ":octicons-tag-24: " + feature["version"].get<std::string>();
        if (feature["commit"] != "")
          tag = "[" + tag + "](https://github.com/torvalds/linux/commit/" + feature["commit"].get<std::string>() + ")";
        want += "\n" + tag + "\n";
        std::string note;
        for (const auto& s : feature["series"])
          if (s["since"] == "point")
            note += (note.empty() ? "" : ", ") + s["name"].get<std::string>() + ".y at " + s["version"].get<std::string>();
        if (!note.empty()) want += "\nBackported to " + note + "\n";
      }
      want += "<!-- [/FEATURE_TAG] -->\n";
    }
  CHECK(with == want);
  CHECK(with.find("\nBackported to ") != std::string::npos);
}

namespace {

// A series regex selecting exactly these point tags.
std::string only_points(const std::vector<std::string>& tags) {
  std::string alt;
  for (const std::string& t : tags) {
    std::string e;
    for (char c : t) e += c == '.' ? std::string("\\.") : std::string(1, c);
    alt += (alt.empty() ? "" : "|") + e;
  }
  return "^(?=(?:" + alt + ")$)v(?<series>1\\.[0-9]+)\\.(?<point>[0-9]+)$";
}

// Everything an index answers about the history, as text.
std::string everything(const Fixture& f, const std::string& db) {
  std::string names;
  for (const std::string& n : f.h.functions) names += " " + n;
  for (const std::string& n : f.h.prog_types) names += " " + n;
  std::string out = run(shell_quote(kBin) + " query --json --db " + shell_quote(db) + names).out;
  out += run(shell_quote(kBin) + " export --format json --series --db " + shell_quote(db)).out;
  for (const auto& change : f.h.change_of)
    out += run(shell_quote(kBin) + " query --upstream " + change.second + " --json --db " + shell_quote(db)).out;
  return out;
}

}  // namespace

TEST_CASE("series: points added one at a time, in two orders, and killed midway, end as a fresh index") {
  Fixture f(10, 3, 2, 4);
  std::vector<std::string> all;
  for (const auto& in_series : f.h.points) all.insert(all.end(), in_series.second.begin(), in_series.second.end());
  std::string fresh = f.tmp.file("fresh.db");
  REQUIRE(f.index(fresh, "--series " + shell_quote(only_points(all))).status == 0);
  const std::string want = everything(f, fresh);
  std::mt19937 rng(10);
  std::vector<std::string> shuffled = all;
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  for (const auto& order : {all, shuffled}) {
    std::string db = f.tmp.file(order == all ? "in-order.db" : "shuffled.db");
    std::vector<std::string> some;
    std::set<std::string> series_seen;
    for (const std::string& t : order) {
      some.push_back(t);
      auto r = f.index(db, "--json --series " + shell_quote(only_points(some)));
      REQUIRE_MESSAGE(r.status == 0, r.err);
      if (order != all) continue;
      // In order, a point of a series already indexed is a step that only
      // appends (ident_append.h): every answer as a fresh index's, here.
      const std::string series = t.substr(1, t.rfind('.') - 1);
      CAPTURE(t);
      CHECK(nlohmann::json::parse(r.out).at("identifiers").at("tags_appended") == (series_seen.count(series) ? 1 : 0));
      series_seen.insert(series);
      std::string step_fresh = f.tmp.file("step-fresh-" + t + ".db");
      REQUIRE(f.index(step_fresh, "--series " + shell_quote(only_points(some))).status == 0);
      CHECK(everything(f, db) == everything(f, step_fresh));
    }
    CHECK(everything(f, db) == want);
  }
  // Killed at random moments of a run that adds every point, then run again.
  auto cmd = shell_quote(kBin) + " index --quiet --repo " + shell_quote(f.b.repo.path()) + " --patterns " +
             shell_quote(f.yaml) + " --series " + shell_quote(only_points(all));
  int killed = 0;
  for (int k = 0; k < 4; k++) {
    std::string db = f.tmp.file("killed" + std::to_string(k) + ".db");
    REQUIRE(f.index(db, "--series " + shell_quote(only_points({all.front()}))).status == 0);
    double delay = 0.05 + 0.4 * k;
    auto r = run(cmd + " --db " + shell_quote(db) + " >/dev/null 2>&1 & pid=$!; sleep " + std::to_string(delay) +
                 "; kill -KILL $pid 2>/dev/null; wait $pid");
    killed += r.status != 0;
    REQUIRE(f.index(db, "--series " + shell_quote(only_points(all))).status == 0);
    CHECK(everything(f, db) == want);
  }
  CHECK(killed > 0);
}
