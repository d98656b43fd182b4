// The identifier index against git: every identifier's presence at every tag
// as `git grep -w` finds it (with the same pathspecs), on random trees; a
// grown index equal to a fresh one; definitions against what the generator
// wrote.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "facts/identifier_defs.h"
#include "git_fixture.h"
#include "history_builder.h"
#include "idents/ident_commit.h"
#include "repo/repo.h"
#include "idents/ident_query.h"
#include "idents/ident_scope.h"
#include "pipeline/indexer.h"
#include "store/store.h"
#include "util/progress.h"

using namespace ksince;
using namespace ksince::test;

namespace {

// Files in and out of the default scope.
const std::vector<std::string> kPaths = {
    "a.c",          "dir/b.h",        "arch/x/c.S",      "Kconfig",         "sub/Kconfig.debug", "Makefile",
    "sub/Kbuild",   "boot/x.dts",     "boot/y.dtsi",     "notes.txt",       "tools/t.c",        "samples/s.c",
    "tools/sub/k.h", "deep/er/z.c",   "Documentation/d.rst", "sub/Makefile.inc"};

std::string random_word(std::mt19937& rng) {
  static const std::string first = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";
  static const std::string rest = first + "0123456789";
  std::string w(1, first[rng() % first.size()]);
  for (size_t n = rng() % 7; n > 0; n--) w += rest[rng() % rest.size()];
  return w;
}

// A line of words and the separators that test word boundaries: digits
// before a word (not a whole word then), UTF-8, comments, strings.
std::string random_line(std::mt19937& rng, const std::vector<std::string>& vocab) {
  static const std::vector<std::string> seps = {" ", "(", ", ", "->", "1", "\xc3\xa9", "/* ", " */", "\"", "$", "\t",
                                                "9x", "#", "::", "-"};
  std::string line;
  for (size_t n = 1 + rng() % 6; n > 0; n--) {
    line += seps[rng() % seps.size()];
    line += vocab[rng() % vocab.size()];
  }
  return line + seps[rng() % seps.size()] + "\n";
}

struct Tree {
  GitRepo repo;
  std::vector<std::string> vocab, tags;  // tags oldest first
  std::string db, patterns;
  TempDir tmp;
};

// A history of `releases` tags; each rewrites, adds or deletes some files.
void make_history(Tree& t, uint32_t seed, int releases) {
  std::mt19937 rng(seed);
  for (int i = 0; i < 40; i++) t.vocab.push_back(random_word(rng));
  std::map<std::string, std::string> files;
  for (int r = 0; r < releases; r++) {
    for (const std::string& p : kPaths) {
      int dice = static_cast<int>(rng() % 4);
      if (dice == 0 && files.count(p)) {
        files.erase(p);
        t.repo.remove(p);
      } else if (dice <= 2 || !files.count(p)) {
        std::string text;
        for (size_t n = 1 + rng() % 4; n > 0; n--) text += random_line(rng, t.vocab);
        files[p] = text;
        t.repo.write(p, text);
      }
    }
    std::string tag = "v1." + std::to_string(r);
    t.repo.commit("release " + tag, 1500000000 + r * 1000);
    t.repo.tag(tag, "HEAD", true, 1500000000 + r * 1000 + 1);
    t.tags.push_back(tag);
  }
  t.db = t.tmp.file("i.db");
  t.patterns = t.tmp.file("p.yaml");
}

IndexReport index(Tree& t, const std::string& tag_regex, const std::string& db) {
  write_file(t.patterns, "tags: ['" + tag_regex + "']\nidentifiers: true\n");
  IndexOptions o;
  o.repo = t.repo.path();
  o.patterns = t.patterns;
  o.db = db;
  o.facts = false;
  o.jobs = 2;
  Progress quiet(false);
  return run_index(o, quiet);
}

// git's answer: the tags (newest first) where git grep -w finds the word.
std::vector<std::string> git_present(const Tree& t, const std::string& word, const std::vector<std::string>& tags) {
  std::vector<std::string> out;
  for (auto it = tags.rbegin(); it != tags.rend(); ++it)
    if (t.repo.grep(*it, {word}, false, default_identifier_files())) out.push_back(*it);
  return out;
}

// The SPEC's version from presence (newest first), computed here on its own.
std::pair<std::string, std::string> spec_version(const std::vector<std::string>& newest_first,
                                                 const std::vector<std::string>& present) {
  std::set<std::string> in(present.begin(), present.end());
  if (newest_first.empty() || !in.count(newest_first[0])) return {"", ""};
  size_t i = 0;
  while (i + 1 < newest_first.size() && in.count(newest_first[i + 1])) i++;
  return {newest_first[i], i + 1 < newest_first.size() ? newest_first[i + 1] : ""};
}

}  // namespace

TEST_CASE("identifiers: mentioned at every tag is git grep -w's answer, random trees") {
  for (uint32_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    Tree t;
    make_history(t, seed, 4);
    index(t, "^v", t.db);
    Store store(t.db, Store::Mode::ReadOnly);
    std::vector<std::string> newest(t.tags.rbegin(), t.tags.rend());
    std::vector<std::string> words = t.vocab;
    words.push_back("absent_everywhere");
    words.push_back("x");  // short words meet many boundaries
    for (const std::string& w : words) {
      CAPTURE(w);
      std::vector<std::string> git = git_present(t, w, t.tags);
      std::optional<IdentAnswer> a = identifier_answer(store, w);
      if (git.empty()) {
        CHECK_FALSE(a.has_value());
        continue;
      }
      REQUIRE(a.has_value());
      CHECK(a->mentioned.present == git);
      auto [version, prev] = spec_version(newest, git);
      CHECK(a->mentioned.version == version);
      CHECK(a->mentioned.prev == prev);
    }
  }
}

TEST_CASE("identifiers: grown one tag at a time, or with a tag dropped, the answers equal a fresh index's") {
  Tree t;
  make_history(t, 11, 5);
  // Grown: two tags, then three, then all five; fresh: all five at once.
  index(t, "^v1\\.[01]$", t.db);
  index(t, "^v1\\.[012]$", t.db);
  IndexReport grown = index(t, "^v", t.db);
  CHECK(grown.idents.blobs_read < grown.idents.blobs);  // only the new blobs were read
  std::string fresh_db = t.tmp.file("fresh.db");
  index(t, "^v", fresh_db);
  // Dropped: all five, then without v1.2; against a fresh index of the four.
  std::string dropped_db = t.tmp.file("dropped.db"), four_db = t.tmp.file("four.db");
  index(t, "^v", dropped_db);
  IndexReport dropped = index(t, "^v1\\.[0134]$", dropped_db);
  CHECK(dropped.idents.blobs_read == 0);
  index(t, "^v1\\.[0134]$", four_db);

  Store g(t.db, Store::Mode::ReadOnly), f(fresh_db, Store::Mode::ReadOnly);
  Store d(dropped_db, Store::Mode::ReadOnly), four(four_db, Store::Mode::ReadOnly);
  auto same = [](const std::optional<IdentAnswer>& a, const std::optional<IdentAnswer>& b) {
    REQUIRE(a.has_value() == b.has_value());
    if (!a) return;
    CHECK(a->mentioned.present == b->mentioned.present);
    CHECK(a->mentioned.version == b->mentioned.version);
    CHECK(a->defined.present == b->defined.present);
    CHECK(a->kinds == b->kinds);
  };
  std::vector<std::string> words = t.vocab;
  words.push_back("absent_everywhere");
  for (const std::string& w : words) {
    CAPTURE(w);
    same(identifier_answer(g, w), identifier_answer(f, w));
    same(identifier_answer(d, w), identifier_answer(four, w));
    // And both against git, not only against each other.
    auto mentioned = [](const std::optional<IdentAnswer>& a) {
      return a ? a->mentioned.present : std::vector<std::string>{};
    };
    CHECK(mentioned(identifier_answer(g, w)) == git_present(t, w, t.tags));
    std::vector<std::string> kept = {"v1.0", "v1.1", "v1.3", "v1.4"};
    CHECK(mentioned(identifier_answer(d, w)) == git_present(t, w, kept));
  }
}

TEST_CASE("identifiers: defined at every tag is what the generator wrote, kinds at the newest tag") {
  // Each release defines some names (in a .c file as functions, in a header
  // as macros or structs, in Kconfig as options) and mentions others only.
  GitRepo repo;
  std::mt19937 rng(7);
  std::vector<std::string> names;
  for (int i = 0; i < 24; i++) names.push_back("n" + std::to_string(i) + "_" + random_word(rng));
  std::vector<std::string> tags;
  std::map<std::string, std::vector<std::string>> truth;  // name -> tags defining it (newest first later)
  std::map<std::string, std::string> kind_at_newest;
  for (int r = 0; r < 4; r++) {
    std::string c = "#include <x.h>\n", h = "#pragma once\n", kconfig;
    std::string tag = "v2." + std::to_string(r);
    for (const std::string& n : names) {
      switch (rng() % 5) {
        case 0: c += "static int " + n + "(int a)\n{\n\treturn a;\n}\n"; truth[n].push_back(tag); kind_at_newest[n] = "function"; break;
        case 1: h += "#define " + n + "(x) ((x) + 1)\n"; truth[n].push_back(tag); kind_at_newest[n] = "macro"; break;
        case 2: h += "struct " + n + " {\n\tint " + n + "_field;\n};\n"; truth[n].push_back(tag); kind_at_newest[n] = "struct"; break;
        case 3: c += "int " + n + "(void);\nvoid user(void) { " + n + "(); }\n"; break;  // mentioned only
        default: break;
      }
    }
    kconfig += "config CFG_" + std::to_string(r) + "\n\tbool \"option\"\n";
    repo.write("k/a.c", c);
    repo.write("k/a.h", h);
    repo.write("Kconfig", kconfig);
    repo.commit("r", 1600000000 + r * 100);
    repo.tag(tag, "HEAD", true, 1600000000 + r * 100 + 1);
    tags.push_back(tag);
  }
  TempDir tmp;
  write_file(tmp.file("p.yaml"), "tags: ['^v2']\nidentifiers: true\n");
  IndexOptions o;
  o.repo = repo.path();
  o.patterns = tmp.file("p.yaml");
  o.db = tmp.file("i.db");
  o.facts = false;
  Progress quiet(false);
  run_index(o, quiet);
  Store store(o.db, Store::Mode::ReadOnly);
  for (const std::string& n : names) {
    CAPTURE(n);
    std::vector<std::string> want(truth[n].rbegin(), truth[n].rend());
    std::optional<IdentAnswer> a = identifier_answer(store, n);
    if (!a) {
      CHECK(want.empty());
      continue;
    }
    CHECK(a->defined.present == want);
    if (!want.empty()) CHECK(a->kinds == std::vector<std::string>{kind_at_newest[n]});
  }
  for (int r = 0; r < 4; r++) {
    std::optional<IdentAnswer> a = identifier_answer(store, "CONFIG_CFG_" + std::to_string(r));
    REQUIRE(a.has_value());
    CHECK(a->defined.present == std::vector<std::string>{tags[r]});
    CHECK(a->mentioned.present.empty());  // defined without being mentioned as such
    CHECK(a->kinds == std::vector<std::string>{"kconfig"});
  }
}

TEST_CASE("identifiers: a glob lists the identifiers it matches, sorted, with the total") {
  Tree t;
  make_history(t, 5, 2);
  index(t, "^v", t.db);
  Store store(t.db, Store::Mode::ReadOnly);
  // The tree's identifiers as git lists them (git grep -o -w), each
  // confirmed by git grep -w: the generator's words, and the ones its
  // separators glue together ("a9xb").
  std::set<std::string> all;
  for (const std::string& tag : t.tags) {
    std::string args = "grep -h -o -w -E '[A-Za-z_][A-Za-z0-9_]*' " + tag + " --";
    for (const std::string& p : default_identifier_files()) args += " " + shell_quote(p);
    for (const std::string& w : split_lines(t.repo.git(args), true)) all.insert(w);
  }
  for (auto it = all.begin(); it != all.end();) it = git_present(t, *it, t.tags).empty() ? all.erase(it) : std::next(it);
  REQUIRE(all.size() > t.vocab.size() / 2);
  for (const std::string& w : all) {
    std::string prefix = w.substr(0, 2), glob = prefix + "*";
    std::vector<std::string> want;
    for (const std::string& x : all)
      if (x.rfind(prefix, 0) == 0) want.push_back(x);
    size_t total = 0;
    std::vector<std::string> got = identifiers_matching(store, glob, 1000, total);
    CAPTURE(glob);
    CHECK(got == want);
    CHECK(total == want.size());
    if (want.size() > 1) {
      CHECK(identifiers_matching(store, glob, 1, total).size() == 1);
      CHECK(total == want.size());
    }
  }
}

TEST_CASE("identifiers: the commit that introduced a definition, on merge-heavy history, judged by git") {
  for (unsigned seed : {3u, 4u}) {
    CAPTURE(seed);
    Builder b;
    std::mt19937 rng(seed);
    b.repo.write("k/base.c", "int base(void) { return 0; }\n");
    b.commit("base");
    b.tag("v1.0");
    std::vector<std::string> targets;
    for (int i = 0; i < 6; i++) targets.push_back("target" + std::to_string(i) + "_fn");
    std::vector<std::string> branches;
    std::string current = "master";
    for (int step = 0; step < 40; step++) {
      int op = static_cast<int>(rng() % 6);
      const std::string& name = targets[rng() % targets.size()];
      std::string file = "k/f" + std::to_string(rng() % 3) + ".c";
      std::string text = read_file(b.repo.path() + "/" + file);
      if (op == 0) {  // a new branch from the current one
        current = "br" + std::to_string(step);
        b.checkout("-q -b " + current);
        branches.push_back(current);
        continue;
      }
      if (op == 1 && current != "master") {  // back to master, merging the branch
        b.checkout("master");
        b.merge(current);
        current = "master";
        continue;
      }
      if (op == 2) {  // mentioned only: a prototype and a call do not define
        b.repo.write(file, text + "int " + name + "(void);\nvoid use" + std::to_string(step) + "(void) { " + name + "(); }\n");
      } else {  // defined (or the definition moved to another line)
        b.repo.write(file, text + "int " + name + "(void) { return " + std::to_string(step) + "; }\n");
      }
      b.commit("step " + std::to_string(step));
    }
    b.checkout("master");
    for (const std::string& br : branches) b.merge(br);
    b.tag("v1.1");

    TempDir tmp;
    write_file(tmp.file("p.yaml"), "tags: ['^v1']\nidentifiers: true\n");
    IndexOptions o;
    o.repo = b.repo.path();
    o.patterns = tmp.file("p.yaml");
    o.db = tmp.file("i.db");
    o.facts = false;
    Progress quiet(false);
    run_index(o, quiet);
    Repo repo(b.repo.path());
    auto defined_at = [&](const std::string& rev, const std::string& name) {
      return b.repo.git_status("grep -q -F -e " + shell_quote("int " + name + "(void) {") + " " + rev + " -- '*.c'") == 0;
    };
    int searched = 0;
    for (const std::string& name : targets) {
      CAPTURE(name);
      std::optional<IdentCommit> c = ident_commit(o.db, repo, name, quiet);
      if (!defined_at("v1.1", name)) {
        CHECK_FALSE(c.has_value());
        continue;
      }
      REQUIRE(c.has_value());
      CHECK(c->version == "v1.1");
      CHECK(c->prev == "v1.0");
      REQUIRE_FALSE(c->commit.is_zero());
      std::string commit = c->commit.hex();
      CHECK(defined_at(commit, name));
      std::vector<std::string> parents = split_lines(b.repo.git("rev-list --parents -n 1 " + commit));
      REQUIRE(parents.size() == 1);
      std::istringstream ids(parents[0]);
      std::string self, p;
      ids >> self;
      bool all_absent = true;
      while (ids >> p) all_absent = all_absent && !defined_at(p, name);
      CHECK(c->exact == all_absent);
      CHECK(all_absent);  // every definition here comes from one commit's own change
      // A second call reads the stored answer.
      std::optional<IdentCommit> again = ident_commit(o.db, repo, name, quiet);
      REQUIRE(again.has_value());
      CHECK(again->stored);
      CHECK(again->commit == c->commit);
      searched++;
    }
    CHECK(searched > 0);
  }
}

namespace {

// Every identifier's answer in an index, as text, by name (ids differ
// between indexes that read the blobs in another order).
std::string all_answers(const std::string& db) {
  Store store(db, Store::Mode::ReadOnly);
  std::vector<std::string> names;
  for (Stmt s = store.prepare("SELECT name FROM ident_names ORDER BY name"); s.step();) names.push_back(s.text(0));
  std::string out;
  for (const std::string& n : names) {
    std::optional<IdentAnswer> a = identifier_answer(store, n);
    if (!a) continue;
    out += n + ":";
    for (const auto& t : a->mentioned.present) out += " m" + t;
    for (const auto& t : a->defined.present) out += " d" + t;
    for (const auto& k : a->kinds) out += " " + k;
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("identifiers: killed at random points, the next run ends as an uninterrupted one") {
  Tree t;
  make_history(t, 21, 4);
  write_file(t.patterns, "tags: ['^v']\nidentifiers: true\n");
  auto cmd = [&](const std::string& db) {
    return shell_quote(KSINCE_BIN) + " index --quiet --no-facts --repo " + shell_quote(t.repo.path()) +
           " --patterns " + shell_quote(t.patterns) + " --db " + shell_quote(db);
  };
  std::string ref = t.tmp.file("ref.db");
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(run(cmd(ref)).status == 0);
  double full = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::string want = all_answers(ref);
  REQUIRE(want.size() > 100);
  std::mt19937 rng(99);
  int interrupted = 0;
  for (int seed = 0; seed < 8; seed++) {
    CAPTURE(seed);
    std::string db = t.tmp.file("k" + std::to_string(seed) + ".db");
    for (int k = 0, kills = 1 + static_cast<int>(rng() % 3); k < kills; k++) {
      double delay = full * (rng() % 1000) / 1000.0;
      auto r = run(cmd(db) + " >/dev/null 2>&1 & pid=$!; sleep " + std::to_string(delay) +
                   "; kill -KILL $pid 2>/dev/null; wait $pid");
      interrupted += r.status != 0;
      if (std::ifstream(db).good())
        CHECK(run("sqlite3 " + shell_quote(db) + " 'PRAGMA integrity_check'").out == "ok\n");
    }
    REQUIRE(run(cmd(db)).status == 0);
    CHECK(all_answers(db) == want);
  }
  // The uninterrupted answers themselves, against git.
  Store ref_store(ref, Store::Mode::ReadOnly);
  for (const std::string& w : t.vocab) {
    CAPTURE(w);
    std::optional<IdentAnswer> a = identifier_answer(ref_store, w);
    CHECK((a ? a->mentioned.present : std::vector<std::string>{}) == git_present(t, w, t.tags));
  }
  CHECK(interrupted > 0);  // the kills did land mid-run
}
