// Tag order against git itself: random tag names created in a real
// repository, ordered by ksince and by
// `git -c versionsort.suffix=-rc tag --sort=-v:refname`.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <set>
#include <sstream>

#include "git_fixture.h"
#include "repo/repo.h"
#include "repo/tag_select.h"
#include "repo/version.h"

using namespace ksince;
using namespace ksince::test;

namespace {

// Tag names as projects write them: with or without a leading v, one to four
// numbers (leading zeroes sometimes), release candidates and other suffixes.
std::string random_tag(std::mt19937& rng) {
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  auto number = [&]() -> std::string {
    switch (pick(6)) {
      case 0: return std::to_string(pick(1000));
      case 1: return "0" + std::to_string(pick(10));
      default: return std::to_string(pick(13));
    }
  };
  static const char* const prefixes[] = {"", "v", "v", "v", "linux-", "V"};
  static const char* const suffixes[] = {"-rc", "-rc0", "-tree", "-pre1", "rc2", "a", "-rc1-dirty", "-1", "_rc3",
                                         "-RC1", ".rc1"};
  std::string s = prefixes[pick(std::size(prefixes))];
  size_t parts = 1 + pick(4);
  for (size_t i = 0; i < parts; i++) s += (i ? "." : "") + number();
  switch (pick(8)) {
    case 0: case 1: case 2: break;
    case 3: case 4: s += "-rc" + number(); break;
    default: s += suffixes[pick(std::size(suffixes))];
  }
  return s;
}

// Creates the tags (lightweight, on HEAD) in one git call and returns
// ksince's order and git's, newest first.
std::pair<std::vector<std::string>, std::vector<std::string>> both_orders(GitRepo& repo,
                                                                          const std::set<std::string>& names) {
  std::string head = repo.git("rev-parse HEAD").substr(0, 40);
  std::string cmds;
  for (const std::string& n : names) cmds += "create refs/tags/" + n + " " + head + "\n";
  write_file(repo.path() + "/.git/tag-cmds", cmds);
  repo.git("update-ref --stdin < .git/tag-cmds");
  Repo r(repo.path());
  std::vector<std::string> ours;
  for (const TagInfo& t : select_tags(r.tags(), {""}, TagOrder::Version)) ours.push_back(t.name);
  std::vector<std::string> git = split_lines(repo.git("-c versionsort.suffix=-rc tag -l --sort=-v:refname"));
  repo.git("tag -d " + [&] {
    std::string all;
    for (const std::string& n : names) all += shell_quote(n) + " ";
    return all;
  }() + " >/dev/null");
  return {ours, git};
}

}  // namespace

TEST_CASE("tag order: the names projects use, as git orders them") {
  GitRepo repo;
  repo.write("a", "a\n");
  repo.commit("one", 1500000000);
  // systemd's single numbers, the kernel's two and three parts, release
  // candidates, names without the v, and two forms of one release.
  std::set<std::string> names = {"v254",     "v255",   "v9",       "v255-rc1", "v255-rc2", "v1.2",  "v1.10",
                                 "v2.6.11",  "v2.6.39", "v3.0",    "v3.0-rc7", "v7.1-rc10", "v7.1-rc2",
                                 "v7.1",     "v7.1.1", "6.1",      "6.12",     "v6.1.0",   "v6.1",
                                 "v2.6.11-tree", "foo", "v10"};
  auto orders = both_orders(repo, names);
  const std::vector<std::string> &ours = orders.first, &git = orders.second;
  REQUIRE(git.size() == names.size());
  CHECK(ours == git);
  // What the order means, read from git's answer rather than assumed.
  auto pos = [&](const std::string& n) { return std::find(git.begin(), git.end(), n) - git.begin(); };
  CHECK(pos("v255") < pos("v255-rc2"));
  CHECK(pos("v255-rc2") < pos("v255-rc1"));
  CHECK(pos("v255-rc1") < pos("v254"));
}

TEST_CASE("tag order: random names, ksince against git (differential, fixed seeds)") {
  GitRepo repo;
  repo.write("a", "a\n");
  repo.commit("one", 1500000000);
  // 25 seeds in CI; bench/tag_order_differential.sh runs many more.
  const char* env = std::getenv("KSINCE_TAG_ORDER_SEEDS");
  const unsigned seeds = env ? static_cast<unsigned>(std::stoul(env)) : 25;
  size_t compared = 0, disagreements = 0;
  for (unsigned seed = 1; seed <= seeds; seed++) {
    std::mt19937 rng(seed);
    std::set<std::string> names;
    while (names.size() < 40) names.insert(random_tag(rng));
    auto [ours, git] = both_orders(repo, names);
    REQUIRE(git.size() == names.size());
    compared += names.size();
    if (ours != git) {
      disagreements++;
      std::string o, g;
      for (auto& n : ours) o += n + " ";
      for (auto& n : git) g += n + " ";
      INFO("seed ", seed, "\nksince: ", o, "\ngit:    ", g);
      CHECK(ours == git);
    }
  }
  CHECK(compared == seeds * 40);
  CHECK(disagreements == 0);
  MESSAGE(seeds, " sets of 40 random tag names, ", compared, " names: ", disagreements, " orders differ from git's");
}

#include "pipeline/indexer.h"

TEST_CASE("tags: symbolic, broken and blob tags are listed as git lists them, or skipped with a warning") {
  GitRepo repo;
  repo.release("v1.0", "include/a.h", "KS_A\n", 1500000000);
  repo.release("v1.1", "include/b.h", "KS_B\n", 1500001000);
  repo.git("symbolic-ref refs/tags/v9-latest refs/tags/v1.0");  // a symbolic tag
  repo.git("symbolic-ref refs/tags/v9-broken refs/tags/nothere");
  repo.git("tag v9-blob HEAD:include/a.h");
  // git lists the symbolic tag under its own name and skips the broken one.
  std::vector<std::string> git = split_lines(repo.git("-c versionsort.suffix=-rc tag -l --sort=-v:refname"));
  CHECK(git == std::vector<std::string>{"v9-latest", "v9-blob", "v1.1", "v1.0"});
  TempDir tmp;
  write_file(tmp.file("p.yaml"), simple_patterns({"KS_A", "KS_B"}));
  IndexOptions o{repo.path(), tmp.file("p.yaml"), tmp.file("k.db"), 1, TagOrder::Version};
  Progress quiet(false);
  IndexReport r = run_index(o, quiet);
  // The blob tag cannot be searched: the only difference, and said.
  CHECK(r.tags == 3);
  REQUIRE(r.warnings.size() == 2);
  std::string all = r.warnings[0] + "\n" + r.warnings[1];
  CHECK(all.find("tag v9-blob names a blob") != std::string::npos);
  CHECK(all.find("tag v9-broken is a symbolic reference to refs/tags/nothere, which does not exist") !=
        std::string::npos);
  Repo rr(repo.path());
  std::vector<std::string> ours;
  for (const TagInfo& t : select_tags(rr.tags(), {"^v"}, TagOrder::Version)) ours.push_back(t.name);
  CHECK(ours == std::vector<std::string>{"v9-latest", "v1.1", "v1.0"});
  // The symbolic tag is its target: KS_B, added in v1.1, is absent there.
  CHECK(repo.grep("v9-latest", {"KS_A"}, false, {"include"}));
  CHECK_FALSE(repo.grep("v9-latest", {"KS_B"}, false, {"include"}));
}

TEST_CASE("tags: --rc takes the candidates of releases the regexes would select, or newer ones") {
  GitRepo repo;
  repo.write("a", "a\n");
  repo.commit("one", 1500000000);
  for (const char* t : {"v1.0-rc1", "v2.0-rc1", "v2.0-rc2", "v3.0-rc1", "v10.0-rc1"}) repo.tag(t, "HEAD", false, 0);
  auto selected = [&](const std::vector<std::string>& regexes) {
    Repo r(repo.path());
    std::vector<std::string> out;
    for (const TagInfo& t : select_tags(r.tags(), regexes, TagOrder::Version, true)) out.push_back(t.name);
    return out;
  };
  auto git_order = [&](const std::string& glob) {
    return split_lines(repo.git("-c versionsort.suffix=-rc tag -l --sort=-v:refname " + shell_quote(glob)));
  };
  // No release yet: only the candidates of v2.0, which the regex selects.
  CHECK(selected({"^v2\\.0$"}) == git_order("v2.0-rc*"));
  CHECK(selected({"^v2\\.0$"}).size() == 2);
  // With a release: the candidates newer than it, whatever their name.
  repo.tag("v2.0", "HEAD", false, 0);
  CHECK(selected({"^v2\\.0$"}) == std::vector<std::string>{"v10.0-rc1", "v3.0-rc1", "v2.0"});
  CHECK(git_order("v*") == std::vector<std::string>{"v10.0-rc1", "v3.0-rc1", "v2.0", "v2.0-rc2", "v2.0-rc1",
                                                    "v1.0-rc1"});
}
