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
#include "ident_fixture.h"
#include "history_builder.h"
#include "idents/ident_commit.h"
#include "idents/ident_places.h"
#include "idents/ident_reader.h"
#include "repo/repo.h"
#include "idents/ident_query.h"
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
std::vector<std::string> git_present(const GitRepo& repo, const std::string& word, const std::vector<std::string>& tags) {
  std::vector<std::string> out;
  for (auto it = tags.rbegin(); it != tags.rend(); ++it)
    if (repo.grep(*it, {word}, false, documented_identifier_scope())) out.push_back(*it);
  return out;
}
std::vector<std::string> git_present(const Tree& t, const std::string& word, const std::vector<std::string>& tags) {
  return git_present(t.repo, word, tags);
}

// First seen, removed in, came back in (oldest first), from presence at the
// tags (`tags` oldest first, `present` any order), computed here on its own.
struct Life {
  std::string first_seen;
  std::vector<std::string> removed_in, returned_in;
};
Life life_of(const std::vector<std::string>& tags, const std::vector<std::string>& present) {
  std::set<std::string> in(present.begin(), present.end());
  Life l;
  bool seen = false, before = false;
  for (const std::string& t : tags) {
    bool now = in.count(t) > 0;
    if (now && !before) (seen ? l.returned_in.emplace_back() : l.first_seen) = t;
    if (!now && before) l.removed_in.push_back(t);
    seen = seen || now;
    before = now;
  }
  return l;
}
void check_life(const IdentPresenceAnswer& a, const Life& want) {
  CHECK(a.first_seen == want.first_seen);
  CHECK(a.removed_in == want.removed_in);
  CHECK(a.returned_in == want.returned_in);
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
    make_history(t, seed, 6);
    size_t removals = 0, comebacks = 0;
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
      Life want = life_of(t.tags, git);
      check_life(a->mentioned, want);
      removals += !want.removed_in.empty();
      comebacks += !want.returned_in.empty();
    }
    // The histories do what the lifecycle answers are about.
    CHECK(removals > 0);
    CHECK(comebacks > 0);
  }
}

TEST_CASE("identifiers: grown one tag at a time, or with a tag dropped, the answers equal a fresh index's") {
  Tree t;
  make_history(t, 11, 5);
  // Grown: two tags, then three, then all five; fresh: all five at once.
  index(t, "^v1\\.[01]$", t.db);
  IndexReport one_more = index(t, "^v1\\.[012]$", t.db);
  IndexReport grown = index(t, "^v", t.db);
  CHECK(grown.idents.blobs_read < grown.idents.blobs);  // only the new blobs were read
  // Each a step that only adds releases: only the trees of the added ones
  // and of the release before them were read (ident_append.h).
  CHECK(one_more.idents.tags_appended == 1);
  CHECK(grown.idents.tags_appended == 2);
  std::string fresh_db = t.tmp.file("fresh.db");
  index(t, "^v", fresh_db);
  // Dropped: all five, then without v1.2; against a fresh index of the four.
  std::string dropped_db = t.tmp.file("dropped.db"), four_db = t.tmp.file("four.db");
  index(t, "^v", dropped_db);
  IndexReport dropped = index(t, "^v1\\.[0134]$", dropped_db);
  CHECK(dropped.idents.blobs_read == 0);
  CHECK(dropped.idents.tags_appended == 0);  // not an append: every tree is read
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
  // as macros or structs, in Kconfig as options) and mentions others only,
  // some of them in the shape of a definition that must not count: in a
  // comment, in a string, under #if 0.
  GitRepo repo;
  std::mt19937 rng(7);
  std::vector<std::string> names;
  for (int i = 0; i < 24; i++) names.push_back("n" + std::to_string(i) + "_" + random_word(rng));
  std::vector<std::string> tags;
  std::map<std::string, std::vector<std::string>> truth;  // name -> tags defining it, oldest first
  std::map<std::string, std::string> kind_at_newest;
  std::set<std::string> lookalikes;  // names written in a definition's shape that does not count
  for (int r = 0; r < 5; r++) {
    std::string c = "#include <x.h>\n", h = "#pragma once\n", kconfig;
    std::string tag = "v2." + std::to_string(r);
    auto defines = [&](const std::string& n, const char* kind) {
      truth[n].push_back(tag);
      kind_at_newest[n] = kind;
    };
    for (const std::string& n : names) {
      switch (rng() % 8) {
        case 0: c += "static int " + n + "(int a)\n{\n\treturn a;\n}\n"; defines(n, "function"); break;
        case 1: h += "#define " + n + "(x) ((x) + 1)\n"; defines(n, "macro"); break;
        case 2: h += "struct " + n + " {\n\tint " + n + "_field;\n};\n"; defines(n, "struct"); break;
        case 3: c += "int " + n + "(void);\nvoid user(void) { " + n + "(); }\n"; break;  // mentioned only
        case 4: c += "/* static int " + n + "(int a) { return a; }\n#define " + n + " 1 */\n"; lookalikes.insert(n); break;
        case 5: c += "const char *doc_" + n + " = \"struct " + n + " { int x; }; #define " + n + " 2\";\n"; lookalikes.insert(n); break;
        case 6: h += "#if 0\n#define " + n + " 3\nstruct " + n + " {\n\tint x;\n};\nint " + n + "(void) { return 0; }\n#endif\n";
                lookalikes.insert(n); break;
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
  index_identifiers_of(repo.path(), tmp.path(), tmp.file("i.db"), "^v2");
  Store store(tmp.file("i.db"), Store::Mode::ReadOnly);
  size_t removals = 0, comebacks = 0, lookalike_only = 0;
  for (const std::string& n : names) {
    CAPTURE(n);
    std::vector<std::string> want(truth[n].rbegin(), truth[n].rend());
    std::optional<IdentAnswer> a = identifier_answer(store, n);
    if (!a) {
      CHECK(want.empty());
      continue;
    }
    CHECK(a->defined.present == want);
    Life life = life_of(tags, truth[n]);
    check_life(a->defined, life);
    removals += !life.removed_in.empty();
    comebacks += !life.returned_in.empty();
    if (!want.empty()) CHECK(a->kinds == std::vector<std::string>{kind_at_newest[n]});
    if (want.empty() && lookalikes.count(n)) lookalike_only++;
  }
  CHECK(removals > 0);
  CHECK(comebacks > 0);
  CHECK(lookalike_only > 0);  // some names only ever had definitions that do not count
  for (int r = 0; r < 5; r++) {
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
    for (const std::string& p : documented_identifier_scope()) args += " " + shell_quote(p);
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

namespace {

// git's view of a definition the merge-heavy tests write: its text in a .c
// file at `rev`.
bool defined_by_git(const GitRepo& repo, const std::string& rev, const std::string& name) {
  return repo.git_status("grep -q -F -e " + shell_quote("int " + name + "(void) {") + " " + rev + " -- '*.c'") == 0;
}

// The SPEC's rule with git's view of the definition.
std::vector<std::string> defining_commits(const GitRepo& repo, const std::string& name, const std::string& version,
                                          const std::string& prev) {
  return qualifying_commits(repo, version, prev, [&](const std::string& rev) { return defined_by_git(repo, rev, name); });
}

// A merge-heavy history whose branches fork from older commits, so that
// merges join lines that both moved on: each change adds a file that
// defines a target (or only declares and calls it), or deletes such a file
// on its branch (files are never edited, so merges never conflict).
std::vector<std::string> diverging_history(Builder& b, unsigned seed, int releases) {
  std::mt19937 rng(seed);
  b.repo.write("k/base.c", "int base(void) { return 0; }\n");
  b.commit("base");
  b.tag("v1.0");
  std::vector<std::string> targets;
  for (int i = 0; i < 6; i++) targets.push_back("target" + std::to_string(i) + "_fn");
  std::vector<std::string> open;
  int file = 0, branch = 0;
  for (int release = 1; release <= releases; release++) {
    for (int step = 0; step < 16; step++) {
      int op = static_cast<int>(rng() % 10);
      if (op < 3 || open.empty()) {
        std::string from = "master~" + std::to_string(rng() % 4);
        if (b.repo.git_status("rev-parse -q --verify " + from) != 0) from = "master";
        open.push_back("br" + std::to_string(branch++));
        b.repo.git("branch " + open.back() + " " + from);
      } else if (op < 8) {
        std::string br = rng() % 4 ? open[rng() % open.size()] : "master";
        b.checkout(br);
        std::vector<std::string> mine = split_lines(b.repo.git("ls-files 'k/s*.c'"), true);
        if (!mine.empty() && rng() % 4 == 0) {
          b.repo.git("rm -q " + mine[rng() % mine.size()]);  // a removal on this line
        } else {
          const std::string& name = targets[rng() % targets.size()];
          std::string n = std::to_string(file);
          b.repo.write("k/s" + n + ".c", rng() % 3 ? "int " + name + "(void) { return " + n + "; }\n"
                                                   : "int " + name + "(void);\nvoid use" + n + "(void) { " + name + "(); }\n");
          file++;
        }
        b.commit("work on " + br);
        b.checkout("master");
      } else {
        size_t i = rng() % open.size();
        if (rng() % 3 == 0 && open.size() > 1) {  // into another branch first
          b.checkout(open[(i + 1) % open.size()]);
          b.merge(open[i]);
          b.checkout("master");
        } else {
          b.merge(open[i]);
        }
        open.erase(open.begin() + static_cast<long>(i));
      }
    }
    for (const std::string& br : open) b.merge(br);
    open.clear();
    b.tag("v1." + std::to_string(release));
  }
  return targets;
}

}  // namespace

TEST_CASE("identifiers: the commit that introduced a definition, on diverging merge-heavy history, judged by git") {
  for (unsigned seed : {3u, 4u}) {
    CAPTURE(seed);
    Builder b;
    std::vector<std::string> targets = diverging_history(b, seed, 3);
    std::vector<std::string> tags = {"v1.0", "v1.1", "v1.2", "v1.3"};
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
    // The merges did join diverged lines: some merge's parents are not
    // ancestors of each other.
    size_t diverged = 0;
    for (const std::string& line : split_lines(b.repo.git("rev-list --merges --parents master"), true)) {
      std::vector<std::string> ids = words_of(line);
      diverged += b.repo.git_status("merge-base --is-ancestor " + ids[1] + " " + ids[2]) != 0;
    }
    CHECK(diverged > 0);
    size_t exact = 0;
    for (const std::string& name : targets) {
      CAPTURE(name);
      std::vector<std::string> present;  // git's, oldest first
      for (const std::string& t : tags)
        if (defined_by_git(b.repo, t, name)) present.push_back(t);
      std::optional<IdentCommit> c = ident_commit(o.db, repo, name, quiet);
      {
        Store store(o.db, Store::Mode::ReadOnly);
        std::optional<IdentAnswer> a = identifier_answer(store, name);
        REQUIRE(a.has_value());
        CHECK(a->defined.present == std::vector<std::string>(present.rbegin(), present.rend()));
        check_life(a->defined, life_of(tags, present));
      }
      if (!defined_by_git(b.repo, "v1.3", name)) {
        CHECK_FALSE(c.has_value());
        continue;
      }
      REQUIRE(c.has_value());
      if (c->prev.empty()) continue;  // defined since the oldest tag: nothing to search
      std::vector<std::string> want = defining_commits(b.repo, name, c->version, c->prev);
      CHECK(c->exact == !want.empty());
      if (c->exact) {
        CHECK(std::find(want.begin(), want.end(), c->commit.hex()) != want.end());
        exact++;
      }
      // A second call reads the stored answer.
      std::optional<IdentCommit> again = ident_commit(o.db, repo, name, quiet);
      REQUIRE(again.has_value());
      CHECK(again->stored);
      CHECK(again->commit == c->commit);
    }
    CHECK(exact > 0);
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

namespace {

// Where the newest defining tag defines each name, as text.
std::string places_of(const std::string& db, const std::string& repo_dir, const std::vector<std::string>& names) {
  Store store(db, Store::Mode::ReadOnly);
  Repo repo(repo_dir);
  std::string out;
  for (const std::string& n : names) {
    std::optional<IdentPlaces> p = definition_places(store, repo, n, 100);
    if (!p) continue;
    out += n + " at " + p->tag + ":";
    for (const IdentPlace& x : p->places) out += " " + x.file + ":" + std::to_string(x.line) + " " + x.kind;
    out += "\n";
  }
  return out;
}

IndexOptions ident_options(const std::string& repo, const std::string& patterns, const std::string& db) {
  IndexOptions o;
  o.repo = repo;
  o.patterns = patterns;
  o.db = db;
  o.facts = false;
  o.jobs = 2;
  return o;
}

}  // namespace

// The issue's repro: v1.1 re-tagged on a commit that has baz instead of bar.
TEST_CASE("identifiers: a moved tag: answers, places and stored commits equal a fresh index's and git's") {
  GitRepo repo;
  repo.write("k/base.c", "int base(void) { return 0; }\n");
  std::string base = repo.commit("base", 1500000000);
  repo.tag("v1.0", "HEAD", true, 1500000001);
  repo.write("k/a.c", "int bar(void) { return 1; }\nint qux(void) { return 2; }\n");
  std::string first = repo.commit("bar and qux", 1500001000);
  repo.tag("v1.1", "HEAD", true, 1500001001);
  TempDir tmp;
  write_file(tmp.file("p.yaml"), "tags: ['^v1']\nidentifiers: true\n");
  IndexOptions o = ident_options(repo.path(), tmp.file("p.yaml"), tmp.file("i.db"));
  Progress quiet(false);
  run_index(o, quiet);
  Repo r(repo.path());
  std::optional<IdentCommit> before = ident_commit(o.db, r, "qux", quiet);
  REQUIRE(before.has_value());
  REQUIRE(before->commit.hex() == first);  // stored now, for v1.0..v1.1 as it was

  // v1.1 re-made on another line: bar gone, baz new, qux defined elsewhere.
  repo.git("checkout -q -b redo " + base);
  repo.write("k/b.c", "/* moved */\n\nint qux(void) { return 3; }\nint baz(void) { return 4; }\n");
  std::string second = repo.commit("qux and baz", 1500002000);
  repo.git("tag -d v1.1");
  repo.tag("v1.1", "HEAD", true, 1500002001);
  run_index(o, quiet);
  IndexOptions fresh = ident_options(repo.path(), tmp.file("p.yaml"), tmp.file("fresh.db"));
  run_index(fresh, quiet);

  const std::vector<std::string> names = {"bar", "baz", "qux", "base", "moved"};
  CHECK(all_answers(o.db) == all_answers(fresh.db));
  CHECK(places_of(o.db, repo.path(), names) == places_of(fresh.db, repo.path(), names));
  CHECK(places_of(o.db, repo.path(), {"qux"}) == "qux at v1.1: k/b.c:3 function\n");
  {
    Store store(o.db, Store::Mode::ReadOnly);
    const std::vector<std::string> tags = {"v1.0", "v1.1"};
    for (const std::string& n : names) {
      CAPTURE(n);
      std::vector<std::string> git = git_present(repo, n, tags);
      std::optional<IdentAnswer> a = identifier_answer(store, n);
      CHECK((a ? a->mentioned.present : std::vector<std::string>{}) == git);
    }
    CHECK_FALSE(identifier_answer(store, "bar").has_value());  // git grep -w bar v1.1 finds nothing
    size_t total = 0;
    CHECK(identifiers_matching(store, "ba*", 10, total) == std::vector<std::string>{"base", "baz"});
  }
  auto q = run(shell_quote(KSINCE_BIN) + " query --db " + shell_quote(o.db) + " bar");
  CHECK(q.status == 1);  // unknown, as to a fresh index
  // The stored commit answered v1.0..v1.1 with v1.1's old commit: searched again.
  std::optional<IdentCommit> after = ident_commit(o.db, r, "qux", quiet);
  REQUIRE(after.has_value());
  CHECK_FALSE(after->stored);
  CHECK(defining_commits(repo, "qux", "v1.1", "v1.0") == std::vector<std::string>{second});
  CHECK(after->commit.hex() == second);
  CHECK(ident_commit(o.db, r, "qux", quiet)->stored);
}

namespace {

// What an index made by an older identifier reader holds, written into a
// real index: its records under the older version, its key, and (with
// `answers`) the answers that reader gave, here with no definition at all.
void as_if_older_reader(const std::string& db, bool answers) {
  Store s(db, Store::Mode::Create);
  const int older = kIdentReaderVersion - 1;
  s.exec("UPDATE ident_blobs SET reader = " + std::to_string(older) + ", defs = x''");
  if (answers) s.exec("UPDATE ident_answers SET defined = x'', kinds = 0");
  nlohmann::json key = nlohmann::json::parse(s.meta("ident_key").value());
  key.back() = older;
  s.set_meta("ident_key", key.dump());
  if (s.meta("ident_reader")) s.set_meta("ident_reader", std::to_string(older));
}

}  // namespace

TEST_CASE("identifiers: an index another reader made is read again, then answers as a fresh one") {
  Tree t;
  make_history(t, 31, 4);
  // Definitions of some words, so that records and places have some.
  std::string defs;
  for (size_t i = 0; i < t.vocab.size(); i += 3) defs += "int " + t.vocab[i] + "(void) { return 0; }\n";
  t.repo.write("k/defs.c", defs);
  t.repo.commit("defs", 1600000000);
  t.repo.tag("v1.4", "HEAD", true, 1600000001);
  t.tags.push_back("v1.4");
  std::string fresh = t.tmp.file("fresh.db");
  index(t, "^v", fresh);
  std::vector<std::string> words = t.vocab;
  const std::string want = all_answers(fresh), want_places = places_of(fresh, t.repo.path(), words);
  REQUIRE(want_places.find("k/defs.c:1 function") != std::string::npos);

  // Records of another reader: places are not read from them, with a clear
  // message until the index is run again.
  index(t, "^v", t.db);
  as_if_older_reader(t.db, false);
  auto shown = run(shell_quote(KSINCE_BIN) + " show --db " + shell_quote(t.db) + " " + t.vocab[0]);
  CHECK(shown.status != 0);
  CHECK(shown.err.find("run ksince index --identifiers again") != std::string::npos);
  IndexReport again = index(t, "^v", t.db);
  CHECK(again.idents.blobs_read == again.idents.blobs);  // every record read again
  CHECK(all_answers(t.db) == want);
  CHECK(places_of(t.db, t.repo.path(), words) == want_places);

  // Answers of another reader too: every row that reader got wrong is rewritten.
  as_if_older_reader(t.db, true);
  index(t, "^v", t.db);
  CHECK(all_answers(t.db) == want);
  CHECK(places_of(t.db, t.repo.path(), words) == want_places);
  // And against git, not only against the fresh index.
  Store store(t.db, Store::Mode::ReadOnly);
  for (const std::string& w : words) {
    CAPTURE(w);
    std::optional<IdentAnswer> a = identifier_answer(store, w);
    CHECK((a ? a->mentioned.present : std::vector<std::string>{}) == git_present(t, w, t.tags));
  }
}

TEST_CASE("identifiers: a step that only adds tags writes what a fresh index writes, and the generator's kinds") {
  // Each tag rewrites k/a.c and k/a.h and sometimes moves or keeps other
  // files: a name can be defined in a file the step leaves alone and in one
  // it changes (its kinds the union of both), lose its definition in the
  // changed file and keep it in the other, or live in a blob that moved.
  GitRepo repo;
  std::mt19937 rng(12);
  std::vector<std::string> names;
  for (int i = 0; i < 30; i++) names.push_back("m" + std::to_string(i) + "_" + random_word(rng));
  std::vector<std::string> tags;
  std::map<std::string, std::vector<std::string>> defined_at;       // name -> tags, oldest first
  std::map<std::string, std::map<std::string, std::set<std::string>>> kinds_at;  // name -> tag -> kinds
  std::string kept_c;  // k/kept.c: written at the first tag, changed now and then
  std::string moved_path = "k/old/moved.c";
  TempDir tmp;
  const std::string stepped = tmp.file("stepped.db");
  write_file(tmp.file("p.yaml"), "");
  for (int r = 0; r < 8; r++) {
    std::string tag = "v3." + std::to_string(r);
    std::string c, h;
    std::map<std::string, std::set<std::string>> kinds;  // this tag's
    auto define = [&](const std::string& n, const char* kind) { kinds[n].insert(kind); };
    if (r == 0 || rng() % 3 == 0) {  // the kept file, rewritten now and then
      kept_c.clear();
      for (const std::string& n : names)
        if (rng() % 5 == 0) kept_c += "int " + n + "(void)\n{\n\treturn 1;\n}\n";
    }
    for (const std::string& n : names) {
      if (kept_c.find("int " + n + "(void)") != std::string::npos) define(n, "function");
      switch (rng() % 7) {
        case 0: c += "static int " + n + "(int a)\n{\n\treturn a;\n}\n"; define(n, "function"); break;
        case 1: h += "#define " + n + "(x) ((x) + 1)\n"; define(n, "macro"); break;
        case 2: h += "struct " + n + " {\n\tint x;\n};\n"; define(n, "struct"); break;
        case 3: c += "void user_" + std::to_string(r) + "(void) { " + n + "(); }\n"; break;
        case 4: h += "#define " + n + " 2\nstruct " + n + " {\n\tint y;\n};\n"; define(n, "macro"); define(n, "struct"); break;
        default: break;
      }
    }
    repo.write("k/a.c", c);
    repo.write("k/a.h", h);
    repo.write("k/kept.c", kept_c);
    // Many names in a file no step changes: against them, a step's few new
    // blobs have their names looked up one by one (IdentRun::read_few).
    if (r == 0) {
      std::string big;
      for (int i = 0; i < 3000; i++) big += "#define BIG_" + std::to_string(i) + " " + std::to_string(i) + "\n";
      repo.write("k/big.h", big);
    }
    // A file whose blob never changes, moved to a new path at one tag.
    if (r == 4) repo.git("rm -q " + moved_path), moved_path = "k/new/moved.c";
    repo.write(moved_path, "int moved_" + names[0] + "(void)\n{\n\treturn 0;\n}\n");
    define("moved_" + names[0], "function");
    repo.commit("r", 1600000000 + r * 100);
    repo.tag(tag, "HEAD", true, 1600000000 + r * 100 + 1);
    tags.push_back(tag);
    for (const auto& [n, k] : kinds) defined_at[n].push_back(tag), kinds_at[n][tag] = k;

    auto index_to = [&](const std::string& db) {
      write_file(tmp.file("p.yaml"), "tags: ['^v3\\.[0-" + std::to_string(r) + "]$']\nidentifiers: true\n");
      IndexOptions o;
      o.repo = repo.path();
      o.patterns = tmp.file("p.yaml");
      o.db = db;
      o.facts = false;
      Progress quiet(false);
      return run_index(o, quiet);
    };
    IndexReport step = index_to(stepped);
    CHECK(step.idents.tags_appended == (r == 0 ? 0u : 1u));
    CHECK((step.idents.names_looked_up > 0) == (r > 0));
    const std::string fresh = tmp.file("fresh" + std::to_string(r) + ".db");
    index_to(fresh);
    CAPTURE(tag);
    CHECK(all_answers(stepped) == all_answers(fresh));
    // And against what the generator wrote: defined at which tags, and
    // the kinds at the newest tag defining it.
    Store store(stepped, Store::Mode::ReadOnly);
    for (const auto& entry : defined_at) {
      const std::string& n = entry.first;
      const std::vector<std::string>& at = entry.second;
      CAPTURE(n);
      std::optional<IdentAnswer> a = identifier_answer(store, n);
      REQUIRE(a.has_value());
      CHECK(a->defined.present == std::vector<std::string>(at.rbegin(), at.rend()));
      const std::set<std::string>& k = kinds_at[n][at.back()];
      CHECK(std::set<std::string>(a->kinds.begin(), a->kinds.end()) == k);
    }
  }
}
