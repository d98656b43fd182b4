// ksince's per-tag presence and versions against git itself: every pattern,
// every selected tag, `git grep -q -w` as the oracle, on generated histories.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <regex>

#include "store/read_answers.h"
#include "git_fixture.h"
#include "pipeline/indexer.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
  return s;
}

struct PatternDef {
  std::string group, name;
  std::vector<std::string> regexes;
};

std::string patterns_yaml(const std::vector<std::string>& files, const std::vector<std::string>& tags,
                          const std::vector<PatternDef>& pats) {
  auto q = [](const std::string& s) {
    std::string o = "'";
    for (char c : s) o += c == '\'' ? std::string("''") : std::string(1, c);
    return o + "'";
  };
  std::string y = "files: [";
  for (size_t i = 0; i < files.size(); i++) y += (i ? ", " : "") + q(files[i]);
  y += "]\ntags: [";
  for (size_t i = 0; i < tags.size(); i++) y += (i ? ", " : "") + q(tags[i]);
  y += "]\npatterns:\n";
  std::string group;
  for (const auto& p : pats) {
    if (p.group != group) {
      y += "  - name: " + p.group + "\n    patterns:\n";
      group = p.group;
    }
    y += "      - name: " + q(p.name) + "\n";
    if (!p.regexes.empty()) {
      y += "        regexes: [";
      for (size_t i = 0; i < p.regexes.size(); i++) y += (i ? ", " : "") + q(p.regexes[i]);
      y += "]\n";
    }
  }
  return y;
}

// The SPEC's version from a newest-first presence list.
std::pair<std::string, std::string> expected_version(const std::vector<std::string>& tags,
                                                     const std::vector<bool>& present) {
  std::string version, prev;
  for (size_t i = 0; i < tags.size(); i++) {
    if (!present[i]) {
      if (!version.empty()) prev = tags[i];
      break;
    }
    version = tags[i];
  }
  return {version, prev};
}

// Compares everything ksince stored with git grep at each selected tag.
void check_against_git(const GitRepo& repo, const std::string& db, const std::vector<std::string>& files,
                       const std::vector<PatternDef>& pats) {
  Store store(db, Store::Mode::ReadOnly);
  std::vector<std::string> tags = selected_tags(store);
  REQUIRE(!tags.empty());
  size_t checked = 0, present_count = 0;
  for (const PatternDef& p : pats) {
    std::vector<std::string> got = present_tags(store, p.group, p.name);
    std::vector<bool> want;
    for (const std::string& t : tags) {
      bool g = repo.grep(t, p.regexes.empty() ? std::vector<std::string>{p.name} : p.regexes,
                         !p.regexes.empty(), files);
      want.push_back(g);
      bool k = std::find(got.begin(), got.end(), t) != got.end();
      INFO("pattern ", p.group, "/", p.name, " at tag ", t);
      CHECK(k == g);
      checked++;
      present_count += g;
    }
    auto [version, prev] = expected_version(tags, want);
    std::vector<Feature> f = features_named(store, p.name);
    auto it = std::find_if(f.begin(), f.end(), [&](const Feature& x) { return x.group == p.group; });
    REQUIRE(it != f.end());
    INFO("pattern ", p.group, "/", p.name);
    CHECK(it->version == version);
    CHECK(it->prev == prev);
  }
  // The scenario must exercise both answers, or it proves little.
  CHECK(present_count > 0);
  CHECK(present_count < checked);
}

const std::vector<std::string> kPaths = {
    "include/uapi/linux/bpf.h", "include/linux/a.h", "net/core/filter.c", "net/x.c", "network/y.c",
    "arch/x86/k.c", "arch.c", "archive/z.c", "kernel/bpf/core.c", "tools/t.h", "top.h",
    "docs/readme.txt", "drivers/net/d.c", "sub/dir/deep/file.h", "ar/x.c", "net.c"};

std::string random_text(std::mt19937& rng, const std::vector<std::string>& vocab) {
  static const std::vector<std::string> seps = {" ", " ", "_", "", "(", ")", "->", ",", "\t",
                                                "1", "a", ".", "-", "\r", "\n", "\n", "\xc3\xa9"};
  std::string s;
  int n = 1 + rng() % 12;
  for (int i = 0; i < n; i++) {
    s += seps[rng() % seps.size()];
    s += vocab[rng() % vocab.size()];
  }
  return s + seps[rng() % seps.size()] + "\n";
}

struct History {
  GitRepo repo;
  std::vector<std::string> tag_names;  // in creation order
};

// A linear history of random edits, tagged in many ways.
void build_history(History& h, std::mt19937& rng, const std::vector<std::string>& vocab, int commits) {
  std::map<std::string, std::string> files;
  int64_t date = 1600000000;
  for (int c = 0; c < commits; c++) {
    int edits = 1 + rng() % 5;
    for (int e = 0; e < edits; e++) {
      const std::string& path = kPaths[rng() % kPaths.size()];
      int op = rng() % 4;
      if (op == 0 && files.count(path)) {
        h.repo.remove(path);
        files.erase(path);
      } else {
        std::string text = op == 1 && files.count(path) ? files[path] : "";
        text += random_text(rng, vocab);
        files[path] = text;
        h.repo.write(path, text);
      }
    }
    date += 3600 + rng() % 1000;
    h.repo.commit("commit " + std::to_string(c), date);
    std::string tag = c < 10 ? "v1." + std::to_string(c) : "v2." + std::to_string(c - 10);
    // Alternate annotated and lightweight tags.
    h.repo.tag(tag, "HEAD", c % 2 == 0, date + 10);
    h.tag_names.push_back(tag);
  }
}

}  // namespace

TEST_CASE("index: presence and versions equal git grep -w at every tag, random histories") {
  std::vector<std::string> names = {"KS_A", "KS_A_1", "ks_b", "KS_1", "KS_10", "x", "_ks_under", "9ks",
                                    "->ks_ptr", "ks_op(", "KS_RARE", "e", "KS_A_1_2"};
  std::vector<std::string> vocab = names;
  for (const auto& n : names) {
    vocab.push_back(n + "_X");
    vocab.push_back("Y" + n);
    vocab.push_back(n + "9");
  }
  struct Case {
    std::vector<std::string> files;
    unsigned seed;
  };
  std::vector<Case> cases = {
      {{"include/*", "net", "*.h"}, 1},
      {{}, 2},
      {{"arch/*", "ar?h", "kernel/bpf/*"}, 3},
      {{"*.c"}, 4},
      {{"include/*", "net/*", "drivers/net/*", "arch/*", "kernel/bpf/*", "tools"}, 5},
  };
  for (const Case& cs : cases) {
    CAPTURE(cs.seed);
    std::mt19937 rng(cs.seed);
    History h;
    build_history(h, rng, vocab, 14);
    std::vector<PatternDef> pats;
    for (const auto& n : names) pats.push_back({"names", n, {}});
    pats.push_back({"regexes", "R_A", {"KS_A(_1)?"}});
    pats.push_back({"regexes", "R_B", {"ks_[a-c]+"}});
    pats.push_back({"regexes", "R_NUM", {"KS_[0-9]+"}});
    pats.push_back({"regexes", "R_ALT", {"KS_RARE|_ks_under", "9ks"}});
    pats.push_back({"regexes", "R_ANCHOR", {"^KS_A"}});
    pats.push_back({"regexes", "R_END", {"KS_1$"}});
    pats.push_back({"regexes", "R_CLASS", {"ks_[[:alpha:]]"}});
    pats.push_back({"regexes", "R_NEG", {"[^(]ks_b"}});
    TempDir tmp;
    std::string pfile = tmp.file("p.yaml");
    write_file(pfile, patterns_yaml(cs.files, {"^v[0-9]+\\.[0-9]+$"}, pats));
    IndexOptions o;
    o.repo = h.repo.path();
    o.patterns = pfile;
    o.db = tmp.file("k.db");
    o.jobs = 2;
    Progress quiet(false);
    IndexReport r = run_index(o, quiet);
    CHECK(r.tags == 14);
    CHECK(r.blobs_scanned == r.blobs);
    check_against_git(h.repo, o.db, cs.files, pats);

    // A second run finds nothing to do; the answers stay.
    IndexReport again = run_index(o, quiet);
    CHECK(again.up_to_date);
  }
}

TEST_CASE("index: word boundaries, binary files, symlinks, removal and re-addition") {
  GitRepo repo;
  int64_t d = 1700000000;
  auto commit_tag = [&](const std::string& tag, bool annotated) {
    d += 100;
    repo.commit(tag, d);
    repo.tag(tag, "HEAD", annotated, d + 1);
  };
  repo.write("include/a.h",
             "KS_START at line start\n"
             "at line end KS_END\n"
             "inside KS_INSIDEx and xKS_INSIDE and KS_INSIDE_ and _KS_INSIDE and 1KS_INSIDE\n"
             "digits KS_DIGIT2 KS_DIGIT\x31\n"
             "KS_MIXEDx KS_MIXED;\n"
             "q->ks_ptr ->ks_ptr2 x->ks_ptr3\n"
             "\xe9KS_UTF8\xe9\n"
             "KS_CRLF\r\n"
             "KS_GONE KS_BACK\n");
  repo.write("include/bin.dat", std::string("\x7f" "ELF\0\0\0KS_BIN\0\0", 16));
  repo.write("net/KS_OUT_FILENAME.c", "nothing\n");
  repo.write("tools/outside.c", "KS_OUTSIDE\n");
  std::filesystem::create_symlink("KS_LINK_TARGET", repo.path() + "/include/link.h");
  commit_tag("v1.0", true);
  repo.write("include/a.h", read_file(repo.path() + "/include/a.h") + "KS_LATE\n");
  repo.write("include/b.h", "KS_BACK_ONLY\n");
  commit_tag("v1.1", false);
  // KS_GONE and KS_BACK removed...
  std::string a = read_file(repo.path() + "/include/a.h");
  a.replace(a.find("KS_GONE KS_BACK"), 15, "nothing here");
  repo.write("include/a.h", a);
  commit_tag("v1.2", true);
  repo.write("net/back.c", "KS_BACK returns\n");  // ...KS_BACK comes back
  commit_tag("v1.3", false);
  repo.write("include/c.h", "KS_NEWEST\n");
  commit_tag("v1.4", true);

  std::vector<PatternDef> pats;
  for (std::string n : {"KS_START", "KS_END", "KS_INSIDE", "KS_DIGIT", "KS_DIGIT2", "KS_MIXED", "ks_ptr",
                        "->ks_ptr", "->ks_ptr2", "->ks_ptr3", "KS_UTF8", "KS_CRLF", "KS_GONE", "KS_BACK",
                        "KS_BIN", "KS_OUTSIDE", "KS_LINK_TARGET", "KS_OUT_FILENAME", "KS_LATE",
                        "KS_NEWEST", "KS_NEVER"})
    pats.push_back({"g", n, {}});
  std::vector<std::string> files = {"include/*", "net"};
  TempDir tmp;
  write_file(tmp.file("p.yaml"), patterns_yaml(files, {"^v1\\."}, pats));
  IndexOptions o;
  o.repo = repo.path();
  o.patterns = tmp.file("p.yaml");
  o.db = tmp.file("k.db");
  Progress quiet(false);
  run_index(o, quiet);
  check_against_git(repo, o.db, files, pats);

  // And the cases the scenario is about, spelled out.
  Store store(o.db, Store::Mode::ReadOnly);
  auto version = [&](const std::string& n) { return features_named(store, n).at(0).version; };
  CHECK(version("KS_START") == "v1.0");
  CHECK(version("KS_INSIDE") == "");
  CHECK(version("KS_BIN") == "v1.0");
  CHECK(version("KS_LINK_TARGET") == "");
  CHECK(version("KS_GONE") == "");  // absent at the newest tag
  CHECK(version("KS_BACK") == "v1.3");
  CHECK(features_named(store, "KS_BACK").at(0).prev == "v1.2");
  CHECK(join(present_tags(store, "g", "KS_BACK")) == "v1.4 v1.3 v1.1 v1.0");
  CHECK(version("KS_NEWEST") == "v1.4");
}

TEST_CASE("index: tag selection and order, annotated, lightweight, nested and tree tags") {
  GitRepo repo;
  repo.write("include/a.h", "KS_ONE\n");
  std::string c1 = repo.commit("one", 1500000000);
  repo.tag("v1.9", c1, true, 1500000100);
  repo.write("include/a.h", "KS_ONE KS_TWO\n");
  std::string c2 = repo.commit("two", 1500001000);
  repo.tag("v1.10-inner", c2, true, 1500001100);  // not selected itself...
  repo.tag("v1.10", "v1.10-inner", true, 1500001200);  // ...but a tag of it is
  repo.write("include/a.h", "KS_ONE KS_TWO KS_THREE\n");
  std::string c3 = repo.commit("three", 1500002000);
  repo.tag("v2.0-rc1", c3, false, 0);
  repo.tag("foo", c3, false, 0);
  repo.write("include/a.h", "KS_ONE KS_TWO KS_THREE KS_FOUR\n");
  std::string c4 = repo.commit("four", 1500003000);
  repo.tag("v2.0", c4, true, 1500003100);
  // A maintenance release tagged after v2.0 but older by version.
  repo.git("checkout -q -b stable " + c2);
  repo.write("include/a.h", "KS_ONE KS_TWO KS_STABLE\n");
  std::string c5 = repo.commit("stable", 1500004000);
  repo.tag("v1.10.1", c5, true, 1500004100);
  repo.git("checkout -q master");
  // A tag of a tree (like the kernel's v2.6.11): searched, no commit.
  repo.tag("v0.1", c1 + "^{tree}", false, 0);

  std::vector<PatternDef> pats;
  for (std::string n : {"KS_ONE", "KS_TWO", "KS_THREE", "KS_FOUR", "KS_STABLE"}) pats.push_back({"g", n, {}});
  TempDir tmp;
  const std::string selected = "^v[0-9]+\\.[0-9]+(\\.[0-9]+)?(-rc[0-9]+)?$";
  write_file(tmp.file("p.yaml"), patterns_yaml({"include"}, {selected, "^nomatch$"}, pats));
  Progress quiet(false);

  auto filter = [&](const std::string& listing) {
    std::vector<std::string> out;
    std::istringstream in(listing);
    std::string line;
    while (std::getline(in, line))
      if (std::regex_search(line, std::regex(selected))) out.push_back(line);
    return out;
  };
  SUBCASE("version order equals git's version sort") {
    IndexOptions o{repo.path(), tmp.file("p.yaml"), tmp.file("v.db"), 1, TagOrder::Version};
    run_index(o, quiet);
    Store store(o.db, Store::Mode::ReadOnly);
    CHECK(join(selected_tags(store)) ==
          join(filter(repo.git("-c versionsort.suffix=-rc tag -l --sort=-v:refname"))));
    check_against_git(repo, o.db, {"include"}, pats);
    CHECK(features_named(store, "KS_STABLE").at(0).version == "");
  }
  SUBCASE("date order equals git for-each-ref --sort=-creatordate") {
    IndexOptions o{repo.path(), tmp.file("p.yaml"), tmp.file("d.db"), 1, TagOrder::Date};
    run_index(o, quiet);
    Store store(o.db, Store::Mode::ReadOnly);
    CHECK(join(selected_tags(store)) ==
          join(filter(repo.git("for-each-ref --sort=-creatordate --format='%(refname:short)' refs/tags"))));
    check_against_git(repo, o.db, {"include"}, pats);
    // The reference's order makes the maintenance release the newest.
    CHECK(features_named(store, "KS_STABLE").at(0).version == "v1.10.1");
  }
}

TEST_CASE("index: a second run scans only blobs it has not seen") {
  GitRepo repo;
  repo.write("include/a.h", "KS_A\n");
  repo.release("v1.0", "include/b.h", "unchanged\n", 1500000000);
  std::vector<PatternDef> pats = {{"g", "KS_A", {}}, {"g", "KS_B", {}}};
  TempDir tmp;
  write_file(tmp.file("p.yaml"), patterns_yaml({"include"}, {"^v"}, pats));
  IndexOptions o{repo.path(), tmp.file("p.yaml"), tmp.file("k.db"), 2, TagOrder::Version};
  Progress quiet(false);
  IndexReport r1 = run_index(o, quiet);
  CHECK(r1.blobs_scanned == 2);
  repo.release("v1.1", "include/a.h", "KS_A KS_B\n", 1500001000);
  IndexReport r2 = run_index(o, quiet);
  CHECK(r2.blobs == 3);
  CHECK(r2.blobs_scanned == 1);
  check_against_git(repo, o.db, {"include"}, pats);
  // A new pattern: every blob is scanned again, but only for that pattern.
  pats.push_back({"g", "unchanged", {}});
  write_file(tmp.file("p.yaml"), patterns_yaml({"include"}, {"^v"}, pats));
  IndexReport r3 = run_index(o, quiet);
  CHECK(r3.blobs_scanned == 3);
  check_against_git(repo, o.db, {"include"}, pats);
  IndexReport r4 = run_index(o, quiet);
  CHECK(r4.up_to_date);
}
