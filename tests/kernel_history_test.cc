// The kernel-scale bench's history, at reduced size, as a property: small
// release trees joined by bench/make-kernel-history.sh (topic branches merged
// back, every changed path changed once per interval), indexed from scratch
// and grown one release at a time. The grown index must answer exactly as the
// fresh one, and every introducing commit must satisfy the SPEC's definition
// as git sees it: for names, git grep -w finds the name at the commit and at
// no parent; for facts, the extractor finds the fact in the file git shows at
// the commit and at no parent; and the commit lies in prev..version. Presence
// at each tag is git grep -w's, and every command's exit status is checked.
#include <doctest/doctest.h>

#include <random>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "fact_oracle.h"
#include "facts/uapi_enum_extractor.h"
#include "git_fixture.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const std::string kUapi = "include/uapi/linux/bpf.h";
constexpr int kNames = 24, kProgTypes = 8, kDirs = 4, kFilesPerDir = 10, kReleases = 4;

std::string name_of(int i) { return "ksn_word" + std::to_string(i); }

// A release tree: files of random words, some of them the names; the uapi
// header with some of the program types.
struct Tree {
  std::map<std::string, std::string> files;

  static std::string words(std::mt19937& rng) {
    std::string t;
    int lines = 1 + rng() % 6;
    for (int l = 0; l < lines; l++) {
      t += "int f" + std::to_string(rng() % 1000) + "(void) { return ";
      t += rng() % 3 == 0 ? name_of(rng() % kNames) : "x" + std::to_string(rng() % 100);
      t += "; }\n";
    }
    return t;
  }
  // Release r always has type KSr (so the newest release brings one in).
  static std::string uapi(std::mt19937& rng, int r) {
    std::string t = "enum bpf_prog_type {\n\tBPF_PROG_TYPE_UNSPEC = 0,\n";
    for (int i = 0; i < kProgTypes; i++)
      if (i == r || rng() % 3 != 0) t += "\tBPF_PROG_TYPE_KS" + std::to_string(i) + ",\n";
    return t + "\t__MAX_BPF_PROG_TYPE\n};\n";
  }
  // The next release: some files changed, some gone, some new.
  void evolve(std::mt19937& rng, int r) {
    for (int d = 0; d < kDirs; d++)
      for (int f = 0; f < kFilesPerDir; f++) {
        std::string path = "d" + std::to_string(d) + "/f" + std::to_string(f) + ".c";
        int roll = rng() % 10;
        if (roll < 2) files.erase(path);
        else if (roll < 6 || !files.count(path)) files[path] = words(rng);
      }
    files[kUapi] = uapi(rng, r);
  }
};

// Present at `rev` as git grep -w finds it among the patterns' files?
bool name_at(const GitRepo& repo, const std::string& rev, const std::string& name) {
  return repo.grep(rev, {name}, false, {"d0", "d1", "d2", "d3", "include"});
}

std::set<std::string> prog_types_at(const GitRepo& repo, const std::string& rev) {
  std::set<std::string> out;
  if (repo.git_status("cat-file -e " + rev + ":" + kUapi) != 0) return out;
  UapiEnumExtractor x;
  nlohmann::json e = x.extract(repo.git("show " + rev + ":" + kUapi));
  for (const auto& f : x.resolve({{kUapi, &e}}).facts) out.insert(f.kind + " " + f.key);
  return out;
}

std::string patterns(const std::string& tags) {
  std::string y = "files: [d0, d1, d2, d3, include]\ntags: ['" + tags + "']\npatterns:\n  - name: names\n    patterns:\n";
  for (int i = 0; i < kNames; i++) y += "      - name: " + name_of(i) + "\n";
  return y;
}

// Every name the test asks about: the patterns' names and the program types.
std::string all_names() {
  std::string names;
  for (int i = 0; i < kNames; i++) names += " " + name_of(i);
  for (int i = 0; i < kProgTypes; i++) names += " BPF_PROG_TYPE_KS" + std::to_string(i);
  return names;
}

CommandResult query_all(const std::string& db) {
  return run(shell_quote(KSINCE_BIN) + " query --json" + all_names() + " --db " + shell_quote(db));
}

// Every answer a script would read: the data file, and every name's JSON
// with the query's exit status.
std::string answers(const std::string& db) {
  CommandResult all = run(shell_quote(KSINCE_BIN) + " export --format yaml --db " + shell_quote(db));
  INFO(all.err);
  CHECK(all.status == 0);
  CommandResult q = query_all(db);
  return all.out + q.out + "query exit status " + std::to_string(q.status) + "\n";
}

// Presence per tag of every name and program type as the index answers it,
// against git grep -w at each tag (names in the patterns' files, program
// types in the uapi header); and the query's exit status: 1 when some program
// type was at no tag (an unknown name), else 0.
void check_presence_per_tag(const GitRepo& repo, const std::string& db) {
  CommandResult q = query_all(db);
  INFO(q.err);
  nlohmann::json all = nlohmann::json::parse(q.out);
  REQUIRE(all.size() == size_t(kNames + kProgTypes));
  bool every_type_seen = true;
  for (const auto& a : all) {
    const std::string name = a["name"];
    CAPTURE(name);
    const bool prog = name.starts_with("BPF_PROG_TYPE_");
    std::set<std::string> git_tags, index_tags;
    for (int r = 0; r < kReleases; r++) {
      std::string tag = "v1." + std::to_string(r);
      if (prog ? repo.grep(tag, {name}, false, {kUapi}) : name_at(repo, tag, name)) git_tags.insert(tag);
    }
    if (prog && git_tags.empty()) every_type_seen = false;
    if (!a.value("known", false)) {
      CHECK((prog && git_tags.empty()));  // only a program type no tag has is unknown
      continue;
    }
    if (prog) {
      REQUIRE(a["derived"].size() == 1);
      CHECK(a["derived"][0]["kind"] == "prog_type");
      for (const auto& t : a["derived"][0]["present"]) index_tags.insert(t.get<std::string>());
    } else {
      for (const auto& t : a["present"]) index_tags.insert(t.get<std::string>());
    }
    CHECK(index_tags == git_tags);
  }
  CHECK(q.status == (every_type_seen ? 0 : 1));
}

}  // namespace

TEST_CASE("kernel history: the bench's merge-heavy history, grown a release at a time, answers as a fresh index") {
  for (unsigned seed : {1u, 2u}) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    // The release repository: one commit per release, as make-kernel-repo.sh makes it.
    GitRepo releases;
    Tree tree;
    int64_t date = 1600000000;
    for (int r = 0; r < kReleases; r++) {
      tree.evolve(rng, r);
      for (const auto& [path, text] : tree.files) releases.write(path, text);
      for (int d = 0; d < kDirs; d++)
        for (int f = 0; f < kFilesPerDir; f++) {
          std::string path = "d" + std::to_string(d) + "/f" + std::to_string(f) + ".c";
          if (!tree.files.count(path) && releases.git_status("ls-files --error-unmatch " + path) == 0)
            releases.remove(path);
        }
      releases.commit("Linux 1." + std::to_string(r), date += 86400);
      releases.tag("v1." + std::to_string(r), "HEAD", true, date += 60);
    }

    // The history between them, made by the bench's own script, then fetched
    // into a repository of the test's (git reads it through its alternates).
    TempDir tmp;
    std::string hist = tmp.file("history.git");
    CommandResult made = run("NICE=0 bash " + shell_quote(std::string(KSINCE_SOURCE_DIR) + "/bench/make-kernel-history.sh") +
                             " " + shell_quote(releases.path()) + " " + shell_quote(hist) + " --max-files 3 --scale 10 --seed " +
                             std::to_string(seed));
    INFO(made.out, made.err);
    REQUIRE(made.status == 0);
    GitRepo repo;
    repo.git("fetch -q --update-head-ok " + shell_quote(hist) + " '+refs/*:refs/*'");
    // Merge-heavy, and each tag holds its release's tree.
    int merges = std::stoi(repo.git("rev-list --merges --count v1." + std::to_string(kReleases - 1)));
    CHECK(merges >= kReleases - 1);
    for (int r = 0; r < kReleases; r++) {
      std::string t = "v1." + std::to_string(r) + "^{tree}";
      CHECK(repo.git("rev-parse " + t) == releases.git("rev-parse " + t));
    }

    // Fresh, then grown one release at a time.
    auto index = [&](const std::string& db, const std::string& tags) {
      write_file(tmp.file("p.yaml"), patterns(tags));
      CommandResult r = run(shell_quote(KSINCE_BIN) + " index --quiet --repo " + shell_quote(repo.path()) +
                            " --patterns " + shell_quote(tmp.file("p.yaml")) + " --db " + shell_quote(db));
      INFO(r.err);
      REQUIRE(r.status == 0);
    };
    std::string fresh = tmp.file("fresh.db"), grown = tmp.file("grown.db");
    index(fresh, "^v1\\.[0-" + std::to_string(kReleases - 1) + "]$");
    for (int r = 1; r < kReleases; r++) index(grown, "^v1\\.[0-" + std::to_string(r) + "]$");
    CHECK(answers(grown) == answers(fresh));
    check_presence_per_tag(repo, fresh);

    // Every introducing commit, judged by git.
    Store store(fresh, Store::Mode::ReadOnly);
    std::string names;
    for (int i = 0; i < kNames; i++) names += " " + name_of(i);
    CommandResult queried = run(shell_quote(KSINCE_BIN) + " query --json" + names + " --db " + shell_quote(fresh));
    REQUIRE(queried.status == 0);  // every name is a pattern
    nlohmann::json q = nlohmann::json::parse(queried.out);
    size_t judged = 0;
    for (const auto& a : q) {
      if (!a.value("known", false) || a["commit"].get<std::string>().empty()) continue;
      std::string name = a["name"], c = a["commit"], version = a["version"], prev = a["prev"];
      INFO(name, " ", c);
      CHECK(a["commit_exact"].get<bool>());
      CHECK(name_at(repo, c, name));
      std::istringstream parents(repo.git("rev-list --parents -n 1 " + c));
      std::string self, p;
      parents >> self;
      while (parents >> p) CHECK(!name_at(repo, p, name));
      CHECK(repo.git_status("merge-base --is-ancestor " + c + " " + version) == 0);
      CHECK(repo.git_status("merge-base --is-ancestor " + c + " " + prev) == 1);
      judged++;
    }
    CHECK(judged > 0);
    CHECK(judge_fact_commits(store, repo, {"prog_type"}, prog_types_at) > 0);
  }
}
