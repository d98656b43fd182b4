// The pack reader against git itself: every object of real repositories made
// in the test (random files edited over many commits, so that git writes
// deep delta chains) must read back as `git cat-file --batch` gives it, in
// the layouts a clone can have: one pack with offset deltas, ref deltas,
// several packs, loose objects, alternates, and a pack cut short.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <random>

#include "git_fixture.h"
#include "repo/history.h"
#include "repo/pack_order.h"
#include "repo/pack_reader.h"
#include "repo/repo.h"
#include "util/error.h"

using namespace ksince;
using namespace ksince::test;

namespace {

struct Object {
  std::string type;
  std::string bytes;
};

// Every object git sees in the repository (alternates included), by id.
std::map<std::string, Object> git_objects(const std::string& dir) {
  CommandResult r = run("git -C " + shell_quote(dir) +
                        " cat-file --batch-all-objects --batch --unordered");
  REQUIRE(r.status == 0);
  std::map<std::string, Object> out;
  size_t at = 0;
  while (at < r.out.size()) {
    size_t nl = r.out.find('\n', at);
    REQUIRE(nl != std::string::npos);
    std::string head = r.out.substr(at, nl - at);  // "<id> <type> <size>"
    size_t s1 = head.find(' '), s2 = head.rfind(' ');
    size_t size = std::stoull(head.substr(s2 + 1));
    out[head.substr(0, s1)] = {head.substr(s1 + 1, s2 - s1 - 1), r.out.substr(nl + 1, size)};
    at = nl + 1 + size + 1;
  }
  return out;
}

Oid oid_of(const std::string& hex) {
  Oid o;
  for (size_t i = 0; i < 20; i++) o.bytes[i] = static_cast<unsigned char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return o;
}

// Files that change a little at every commit: lines from a small vocabulary
// inserted, dropped and replaced, one file over 64 KiB (delta copies of the
// largest size and multi-byte offsets), one of random bytes.
class RandomHistory {
 public:
  explicit RandomHistory(GitRepo& repo, unsigned seed) : repo_(repo), rng_(seed) {
    for (int f = 0; f < 4; f++) files_["src/f" + std::to_string(f) + ".c"] = lines(40);
    files_["big/large.c"] = lines(6000);
    files_["bin/data"] = {};
  }
  void commits(int n, int64_t& date) {
    for (int i = 0; i < n; i++) {
      for (auto& [path, text] : files_) {
        if (path == "bin/data") {
          std::string bytes(200 + rng_() % 5000, '\0');
          for (char& c : bytes) c = static_cast<char>(rng_());
          repo_.write(path, bytes);
          continue;
        }
        edit(text);
        std::string joined;
        for (const auto& l : text) joined += l + "\n";
        repo_.write(path, joined);
      }
      repo_.commit("step " + std::to_string(i), date++);
      if (i % 7 == 3) {
        repo_.tag("t" + std::to_string(date), "HEAD", true, date);
        date++;
      }
    }
  }

 private:
  std::vector<std::string> lines(int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; i++) out.push_back(line());
    return out;
  }
  std::string line() {
    static const char* words[] = {"int", "bpf_map_lookup_elem", "return", "struct", "{", "}", "if", "(x)", "0;",
                                  "static", "void", "* p", "->next", "u64", "//", "BPF_CALL_2"};
    std::string s;
    for (unsigned n = rng_() % 9; n-- > 0;) s += std::string(words[rng_() % 16]) + " ";
    return s;
  }
  void edit(std::vector<std::string>& text) {
    for (unsigned n = 1 + rng_() % 4; n-- > 0;) {
      size_t at = text.empty() ? 0 : rng_() % text.size();
      switch (rng_() % 3) {
        case 0: text.insert(text.begin() + at, line()); break;
        case 1: if (!text.empty()) text.erase(text.begin() + at); break;
        default: if (!text.empty()) text[at] = line(); break;
      }
    }
  }
  GitRepo& repo_;
  std::mt19937 rng_;
  std::map<std::string, std::vector<std::string>> files_;
};

// Reads every object git lists through PackReader and Repo; all must agree
// with git. Returns how many objects no pack held (PackReader says None).
size_t check_all(const std::string& dir) {
  auto objects = git_objects(dir);
  REQUIRE(objects.size() > 50);
  PackReader packs(dir);
  Repo repo(dir);
  size_t unpacked = 0;
  std::vector<TreeEntry> entries;
  for (const auto& [id, object] : objects) {
    const std::string& hex = id;
    const Object& want = object;
    CAPTURE(hex);
    std::string got;
    PackReader::Type t = packs.read(oid_of(hex), got);
    if (t == PackReader::Type::None) {
      unpacked++;
      CHECK(!packs.locate(oid_of(hex)));
    } else {
      CHECK(PackReader::type_name(t) == want.type);
      CHECK(got == want.bytes);
    }
    if (want.type == "blob") CHECK(repo.read_blob(oid_of(hex)).bytes == want.bytes);
    if (want.type == "tree") {
      repo.read_tree(oid_of(hex), entries);
      std::string listed;
      for (const TreeEntry& e : entries)
        listed += cat(e.kind == EntryKind::Tree ? "tree" : e.kind == EntryKind::File ? "file" : "other", " ",
                      e.oid.hex(), "\t", e.name, "\n");
      std::string oracle;
      for (const std::string& l : split_lines(run("git -C " + shell_quote(dir) + " ls-tree " + hex).out, true)) {
        std::string mode = l.substr(0, l.find(' '));  // "MODE TYPE ID\tNAME"
        oracle += cat(mode == "040000" ? "tree" : mode.rfind("100", 0) == 0 ? "file" : "other", " ",
                      l.substr(l.find(' ', mode.size() + 1) + 1), "\n");
      }
      CHECK(listed == oracle);
    }
  }
  return unpacked;
}

// Does any object of the repository's packs sit in a delta chain?
bool has_deltas(const std::string& dir, const std::string& marker) {
  std::string out = run("for p in " + shell_quote(dir) + "/objects/pack/*.idx; do git verify-pack -v \"$p\"; done").out;
  return out.find(marker) != std::string::npos;
}

}  // namespace

TEST_CASE("pack reader: offset deltas in one pack read back as git cat-file gives them") {
  for (unsigned seed : {1u, 2u}) {
    CAPTURE(seed);
    GitRepo repo;
    RandomHistory h(repo, seed);
    int64_t date = 1700000000;
    h.commits(30, date);
    repo.git("repack -a -d -f -q --depth=50 --window=50");
    REQUIRE(has_deltas(repo.path() + "/.git", "chain length = 2"));
    CHECK(check_all(repo.path() + "/.git") == 0);
  }
}

TEST_CASE("pack reader: ref deltas, several packs, loose objects") {
  GitRepo repo;
  RandomHistory h(repo, 3);
  int64_t date = 1700000000;
  h.commits(20, date);
  repo.git("-c repack.useDeltaBaseOffset=false repack -a -d -f -q --depth=20");
  REQUIRE(has_deltas(repo.path() + "/.git", "chain length = 2"));
  h.commits(10, date);
  repo.git("repack -d -q");  // a second pack of the new objects only
  h.commits(3, date);        // and these stay loose
  std::string dir = repo.path() + "/.git";
  REQUIRE(run("ls " + dir + "/objects/pack/*.pack | wc -l").out == "2\n");
  size_t loose = std::stoul(run("find " + dir + "/objects/?? -type f | wc -l").out);
  REQUIRE(loose > 0);
  CHECK(check_all(dir) == loose);
}

TEST_CASE("pack reader: a clone that borrows its objects through alternates reads them from the lender's pack") {
  GitRepo lender;
  RandomHistory h(lender, 4);
  int64_t date = 1700000000;
  h.commits(15, date);
  lender.git("repack -a -d -f -q");
  TempDir t;
  std::string dir = t.file("borrower.git");
  REQUIRE(run("git clone -q --bare --shared " + shell_quote(lender.path()) + " " + shell_quote(dir)).status == 0);
  REQUIRE(run("ls " + dir + "/objects/pack/ | wc -l").out == "0\n");
  CHECK(check_all(dir) == 0);
  // pack_order finds the borrowed blobs too: in the lender's pack order.
  auto objects = git_objects(dir);
  std::vector<Oid> ids;
  for (const auto& [hex, o] : objects) ids.push_back(oid_of(hex));
  auto order = pack_order(dir, ids);
  PackReader packs(dir);
  for (size_t i = 1; i < order.size(); i++)
    CHECK(packs.locate(ids[order[i - 1]])->second < packs.locate(ids[order[i]])->second);
}

TEST_CASE("pack reader: a pack cut short gives errors that name it, never wrong bytes") {
  GitRepo repo;
  RandomHistory h(repo, 5);
  int64_t date = 1700000000;
  h.commits(15, date);
  repo.git("repack -a -d -f -q --depth=50");
  std::string dir = repo.path() + "/.git";
  auto objects = git_objects(dir);
  std::string pack = run("ls " + dir + "/objects/pack/*.pack").out;
  pack.pop_back();
  std::filesystem::resize_file(pack, std::filesystem::file_size(pack) / 2);
  PackReader packs(dir);
  size_t errors = 0, right = 0;
  for (const auto& [id, object] : objects) {
    const std::string& hex = id;
    const Object& want = object;
    CAPTURE(hex);
    std::string got;
    try {
      PackReader::Type t = packs.read(oid_of(hex), got);
      REQUIRE(t != PackReader::Type::None);
      CHECK(PackReader::type_name(t) == want.type);
      CHECK(got == want.bytes);
      right++;
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find(pack) != std::string::npos);
      errors++;
    }
  }
  CHECK(errors > 0);
  CHECK(right > 0);
}

TEST_CASE("pack reader: commits read from the pack give git's trees and parents, merges included") {
  GitRepo repo;
  RandomHistory h(repo, 6);
  int64_t date = 1700000000;
  h.commits(6, date);
  repo.git("checkout -q -b side HEAD~3");
  h.commits(4, date);
  repo.git("checkout -q master");
  repo.git("-c user.name=t -c user.email=t@e merge -q --no-ff -X theirs -m merge side");
  repo.git("repack -a -d -f -q");
  std::string dir = repo.path() + "/.git";
  Repo r(dir);
  History history(r);
  PackReader packs(dir);
  size_t merges = 0;
  for (const std::string& line : split_lines(repo.git("rev-list --all --parents"), true)) {
    std::vector<std::string> ids;
    for (size_t at = 0; at < line.size(); at += 41) ids.push_back(line.substr(at, 40));
    CAPTURE(ids[0]);
    std::string raw;
    REQUIRE(packs.read(oid_of(ids[0]), raw) == PackReader::Type::Commit);  // the pack path, not libgit2's
    const History::Commit& c = history.commit(oid_of(ids[0]));
    CHECK(c.tree.hex() == split_lines(repo.git("rev-parse " + ids[0] + "^{tree}"))[0]);
    std::vector<std::string> parents;
    for (const Oid& p : c.parents) parents.push_back(p.hex());
    CHECK(parents == std::vector<std::string>(ids.begin() + 1, ids.end()));
    merges += parents.size() > 1;
  }
  CHECK(merges == 1);
}
