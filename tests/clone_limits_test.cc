// The clones users really have: shallow (--depth), partial (--filter=
// blob:none), a worktree and a bare mirror, each cloned in the test from a
// random merge-heavy history. git is the oracle: the full clone's answers,
// git grep at commits, and the clone's own shallow file.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "util/error.h"
#include "store/read_answers.h"
#include "git_fixture.h"
#include "history_builder.h"
#include "pipeline/indexer.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const std::vector<std::string> kFiles = {"include/*", "src"};

std::string patterns(const std::set<std::string>& names) {
  std::string y = "files: ['include/*', 'src']\ntags: ['^v']\npatterns:\n  - name: g\n    patterns:\n";
  for (const auto& n : names) y += "      - name: " + n + "\n";
  return y;
}

IndexReport index(const std::string& repo, const std::string& pattern_file, const std::string& db) {
  IndexOptions o{repo, pattern_file, db, 2, TagOrder::Version};
  o.facts = false;  // the names' pipeline is the facts' too; one is enough here
  Progress quiet(false);
  return run_index(o, quiet);
}

std::map<std::string, Feature> answers(const std::string& db, const std::set<std::string>& names) {
  Store store(db, Store::Mode::ReadOnly);
  std::map<std::string, Feature> out;
  for (const auto& n : names) {
    std::vector<Feature> fs = features_named(store, n);
    REQUIRE(fs.size() == 1);
    out.emplace(n, fs[0]);
  }
  return out;
}

std::string clone(const std::string& args, const std::string& from, const std::string& to) {
  auto r = run("git clone -q " + args + " file://" + shell_quote(from) + " " + shell_quote(to));
  REQUIRE_MESSAGE(r.status == 0, r.err);
  return to;
}

std::string git_in(const std::string& dir, const std::string& args) {
  auto r = run("git -C " + shell_quote(dir) + " " + args);
  REQUIRE_MESSAGE(r.status == 0, args, ": ", r.err);
  return r.out;
}

bool has(const std::vector<std::string>& ws, const std::string& w) {
  return std::find(ws.begin(), ws.end(), w) != ws.end();
}

// The SPEC's definition, asked of git in the full repository: present at the
// commit, absent at each of its parents, inside prev..version.
void check_definition(const GitRepo& full, const Feature& f, const std::string& name) {
  INFO(name, " commit ", f.commit);
  CHECK(full.grep(f.commit, {name}, false, kFiles));
  std::istringstream parents(full.git("rev-list --parents -n 1 " + f.commit));
  std::string self, p;
  parents >> self;
  while (parents >> p) CHECK_FALSE(full.grep(p, {name}, false, kFiles));
  CHECK(full.git_status("merge-base --is-ancestor " + f.commit + " " + f.version) == 0);
  CHECK(full.git_status("merge-base --is-ancestor " + f.commit + " " + f.prev) == 1);
}

size_t with_commit(const std::map<std::string, Feature>& a) {
  size_t n = 0;
  for (const auto& [name, f] : a) n += !f.commit.empty();
  return n;
}

}  // namespace

TEST_CASE("shallow clone: commits inside its history are found as in a full clone, the rest are said, never empty") {
  for (unsigned seed : {21u, 22u}) {
    CAPTURE(seed);
    Builder b;
    random_history(b, seed, 5, 14);
    TempDir tmp;
    write_file(tmp.file("p.yaml"), patterns(b.names));
    IndexReport full_r = index(b.repo.path(), tmp.file("p.yaml"), tmp.file("full.db"));
    auto full = answers(tmp.file("full.db"), b.names);

    // As users make one: a shallow clone, then the tags at the same depth.
    std::string sh = clone("--depth 4", b.repo.path(), tmp.file("shallow"));
    git_in(sh, "fetch -q --depth 4 --tags");
    std::vector<std::string> boundary = split_lines(read_file(sh + "/.git/shallow"), true);
    REQUIRE(!boundary.empty());
    IndexReport r = index(sh, tmp.file("p.yaml"), tmp.file("sh.db"));
    auto got = answers(tmp.file("sh.db"), b.names);

    // Said first, with its remedy, whatever else the run does.
    std::string dir = git_in(sh, "rev-parse --absolute-git-dir").substr(0);
    dir.pop_back();
    std::string unshallow = "git -C " + dir + " fetch --unshallow --tags";
    REQUIRE(!r.warnings.empty());
    CHECK(r.warnings[0] == dir + " is a shallow clone (git clone --depth; " + std::to_string(boundary.size()) +
                               " boundary commit" + (boundary.size() == 1 ? "" : "s") +
                               "): versions are exact, but an introducing commit older than the boundary cannot be "
                               "found, and such features keep none; fetch the whole history: " + unshallow);

    size_t cut = 0;
    std::vector<std::string> cut_names;
    for (const auto& n : b.names) {
      const Feature &f = full.at(n), &g = got.at(n);
      INFO(n, " full ", f.commit, " shallow ", g.commit);
      CHECK(g.version == f.version);  // tags and trees are all there
      CHECK(g.prev == f.prev);
      if (!g.commit.empty()) {
        check_definition(b.repo, g, n);
        CHECK(g.commit == f.commit);
        CHECK(g.commit_exact == f.commit_exact);
        continue;
      }
      if (f.commit.empty()) continue;
      // Not found: git says the full answer is beyond the clone's history,
      // or a boundary commit, whose parents the clone lacks.
      bool in_clone = run("git -C " + shell_quote(sh) + " cat-file -e " + f.commit + "^{commit}").status == 0;
      CHECK((!in_clone || has(boundary, f.commit)));
      // And the feature is present at a boundary commit the version reaches.
      bool at_boundary = false;
      for (const auto& c : boundary)
        at_boundary = at_boundary || (b.repo.grep(c, {n}, false, kFiles) &&
                                      run("git -C " + shell_quote(sh) + " merge-base --is-ancestor " + c + " " +
                                          f.version).status == 0);
      CHECK(at_boundary);
      cut++;
      cut_names.push_back(n);
    }
    CHECK(cut > 0);                        // the depth cut some, by construction of the test
    CHECK(with_commit(got) > 0);           // and some are inside
    CHECK(r.commits_found == with_commit(got));  // found means stored
    CHECK(r.commits_unfound == cut);
    CHECK(full_r.commits_unfound == 0);
    std::string list;
    for (size_t i = 0; i < cut_names.size() && i < 5; i++) list += (i ? ", " : "") + cut_names[i];
    if (cut_names.size() > 5) list += " and " + std::to_string(cut_names.size() - 5) + " more";
    CHECK(has(r.warnings, std::to_string(cut) + " introducing commit" + (cut == 1 ? "" : "s") + " not found (" +
                              list + "): each was added beyond the boundary of the shallow clone " + dir +
                              "; fetch the history: " + unshallow + "; the next run searches them again"));

    // The remedy, then the same database: what was cut is searched again,
    // and the index equals the full clone's.
    git_in(sh, "fetch -q --unshallow --tags");
    IndexReport after = index(sh, tmp.file("p.yaml"), tmp.file("sh.db"));
    CHECK(after.commits_found == cut);
    CHECK(after.commits_unfound == 0);
    auto healed = answers(tmp.file("sh.db"), b.names);
    for (const auto& n : b.names) {
      INFO(n);
      CHECK(healed.at(n).commit == full.at(n).commit);
      CHECK(healed.at(n).commit_exact == full.at(n).commit_exact);
    }
  }
}

TEST_CASE("partial clone: a missing blob at a tag stops the run with the remedy, between tags it leaves commits pending") {
  Builder b;
  random_history(b, 31, 3, 12);
  // One file edited after the feature came: the blob at its introducing
  // commit is at no tag, so fetching the tags' blobs does not fetch it.
  b.add("include/base.h", "F_LATE");
  b.commit("add F_LATE");
  b.noise("include/base.h");
  b.commit("edit base.h");
  b.tag("v1.4");
  b.repo.git("config uploadpack.allowFilter true");
  b.repo.git("config uploadpack.allowAnySHA1InWant true");
  TempDir tmp;
  write_file(tmp.file("p.yaml"), patterns(b.names));
  index(b.repo.path(), tmp.file("p.yaml"), tmp.file("full.db"));
  auto full = answers(tmp.file("full.db"), b.names);

  std::string pc = clone("--filter=blob:none --no-checkout", b.repo.path(), tmp.file("partial"));
  std::string dir = git_in(pc, "rev-parse --absolute-git-dir");
  dir.pop_back();
  std::string remedy = "git -C " + dir + " config --unset remote.origin.partialclonefilter && git -C " + dir +
                       " config --unset remote.origin.promisor && git -C " + dir +
                       " fetch --refetch origin (git 2.36 or later), or use a full clone (git clone without --filter)";
  // Nothing but trees and commits: the first blob read stops the run.
  try {
    index(pc, tmp.file("p.yaml"), tmp.file("pc.db"));
    FAIL("a partial clone without blobs must not index");
  } catch (const MissingObject&) {
    FAIL("the tag step must say what the missing blob costs");
  } catch (const Error& e) {
    std::string m = e.what();
    INFO(m);
    CHECK(m.rfind(dir + ": blob ", 0) == 0);
    CHECK(m.find(" is not in the repository: it is a partial clone, and ksince fetches nothing (" + remedy +
                 "). Without it no version at the selected tags can be computed; this run stops, and the answers "
                 "stored before it stand") != std::string::npos);
    // The blob it names is one git says the clone lacks.
    std::string oid = m.substr(dir.size() + 7, 40);
    CHECK(run("git -C " + shell_quote(pc) + " rev-list --objects --all --missing=print | grep -qx '?" + oid + "'")
              .status == 0);
  }
  {
    Store store(tmp.file("pc.db"), Store::Mode::ReadOnly);
    CHECK(features_named(store, *b.names.begin()).empty());  // nothing stored
  }

  // The tags' blobs fetched (git archive reads each one), the commits' not.
  for (const auto& t : split_lines(git_in(pc, "tag"), true)) git_in(pc, "-c gc.auto=0 -c maintenance.auto=false archive " + t + " >/dev/null");
  IndexReport r = index(pc, tmp.file("p.yaml"), tmp.file("pc.db"));
  REQUIRE(r.warnings.size() >= 2);
  CHECK(r.warnings[0] == dir + " is a partial clone (promisor remote 'origin', filter blob:none): ksince reads no "
                               "network, so a blob it lacks cannot be searched: at a selected tag that stops the run, "
                               "between tags it leaves introducing commits unfound; fetch every blob: " + remedy);
  auto got = answers(tmp.file("pc.db"), b.names);
  size_t searchable = 0;
  for (const auto& n : b.names) {
    INFO(n);
    CHECK(got.at(n).version == full.at(n).version);
    CHECK(got.at(n).commit.empty());
    searchable += !full.at(n).commit.empty();
  }
  REQUIRE(searchable > 0);
  CHECK(r.commits_found == 0);
  CHECK(r.commits_unfound == searchable);
  CHECK(r.warnings[1].rfind(std::to_string(searchable) + " introducing commits not found (", 0) == 0);
  CHECK(r.warnings[1].find("): the search stopped: " + dir + ": blob ") != std::string::npos);

  // The remedy, as the warning gives it; the next run finds them all.
  auto fix = run(remedy.substr(0, remedy.find(" (git 2.36")));
  REQUIRE_MESSAGE(fix.status == 0, fix.err);
  IndexReport again = index(pc, tmp.file("p.yaml"), tmp.file("pc.db"));
  CHECK(again.commits_found == searchable);
  CHECK(again.warnings.empty());  // an ordinary clone again
  auto healed = answers(tmp.file("pc.db"), b.names);
  for (const auto& n : b.names) {
    INFO(n);
    if (!healed.at(n).commit.empty()) check_definition(b.repo, healed.at(n), n);
    CHECK(healed.at(n).commit == full.at(n).commit);
  }
}

TEST_CASE("a worktree and a bare mirror index as their full clone does, with no warning") {
  Builder b;
  random_history(b, 41, 3, 10);
  TempDir tmp;
  write_file(tmp.file("p.yaml"), patterns(b.names));
  IndexReport full_r = index(b.repo.path(), tmp.file("p.yaml"), tmp.file("full.db"));
  CHECK(full_r.warnings.empty());
  auto full = answers(tmp.file("full.db"), b.names);

  std::string mirror = clone("--mirror", b.repo.path(), tmp.file("mirror.git"));
  b.repo.git("worktree add -q " + shell_quote(tmp.file("wt")) + " v1.1");
  for (const std::string& repo : {mirror, tmp.file("wt")}) {
    INFO(repo);
    std::string db = repo + ".db";
    IndexReport r = index(repo, tmp.file("p.yaml"), db);
    CHECK(r.warnings.empty());
    CHECK(r.commits_found == full_r.commits_found);
    auto got = answers(db, b.names);
    for (const auto& n : b.names) {
      INFO(n);
      CHECK(got.at(n).version == full.at(n).version);
      CHECK(got.at(n).commit == full.at(n).commit);
      CHECK(got.at(n).commit_exact == full.at(n).commit_exact);
    }
  }
}
