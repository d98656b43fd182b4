// The users' real patterns file, which lists 8 kfuncs twice, indexed as it is
// through the real binary; the export is compared with git's answers listed
// the way the patterns file lists them.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <sstream>

#include "git_fixture.h"

using namespace ksince::test;

namespace {

const std::string kBin = KSINCE_BIN;
const std::string kPatterns = std::string(KSINCE_SOURCE_DIR) + "/tests/data/ebpf-docs-patterns.yaml";

CommandResult run_ksince(const std::string& args) { return run(shell_quote(kBin) + " " + args); }

struct Entry {
  std::string group, name, version, commit;
  bool operator==(const Entry&) const = default;
};

std::string show(const std::vector<Entry>& v) {
  std::string s;
  for (const Entry& e : v) s += e.group + "/" + e.name + " " + e.version + " " + e.commit + "\n";
  return s;
}

// git's answer: the names `git grep -q -w -F` finds at `rev` in the pathspecs.
std::set<std::string> present_per_git(const GitRepo& repo, const std::string& names_file, const std::string& rev,
                                      const std::vector<std::string>& files) {
  std::string specs;
  for (const std::string& f : files) specs += " " + shell_quote(f);
  auto r = run("cd " + shell_quote(repo.path()) + " && while read -r n; do git grep -q -w -F -e \"$n\" " +
               shell_quote(rev) + " --" + specs + " && echo \"$n\"; done < " + shell_quote(names_file));
  auto w = words_of(r.out);
  return {w.begin(), w.end()};
}

// git's answer for the introducing commit: in prev..version, present there,
// absent at every parent.
std::string introducing_per_git(const GitRepo& repo, const std::string& name, const std::string& version,
                                const std::string& prev, const std::vector<std::string>& files) {
  std::vector<std::string> found =
      qualifying_commits(repo, version, prev, [&](const std::string& rev) { return repo.grep(rev, {name}, false, files); });
  CHECK(found.size() <= 1);  // the history below has one answer per name
  return found.empty() ? "" : found[0];
}

}  // namespace

TEST_CASE("patterns file: the users' real file, repeated entries and all, indexes and exports") {
  YAML::Node file = YAML::LoadFile(kPatterns);
  std::vector<std::string> files;
  for (const auto& f : file["files"]) files.push_back(f.as<std::string>());
  std::vector<std::pair<std::string, std::string>> listings;  // (group, name) in file order
  std::map<std::pair<std::string, std::string>, int> times;
  for (const auto& g : file["patterns"])
    for (const auto& p : g["patterns"]) {
      listings.push_back({g["name"].as<std::string>(), p["name"].as<std::string>()});
      times[listings.back()]++;
    }
  std::vector<std::pair<std::string, std::string>> repeated;
  for (const auto& [k, n] : times)
    if (n > 1) repeated.push_back(k);
  REQUIRE(repeated.size() == 8);  // the file as the users have it

  // A history in which some of the names, repeated ones among them, appear
  // between two releases, under different folders of `files`.
  GitRepo repo;
  repo.write("include/linux/filter.h", "int bpf_dynptr_from_skb(struct sk_buff *skb);\n");
  repo.write("include/uapi/linux/bpf.h", "enum { BPF_PROG_TYPE_SOCKET_FILTER, };\n");
  repo.release("v6.12", "README", "v6.12\n", 1700000000);
  repo.write("kernel/bpf/helpers.c", "__bpf_kfunc int bpf_strlen(const char *s) { return 0; }\n");
  repo.commit("bpf: add bpf_strlen", 1700001000);
  repo.write("kernel/sched/ext.c", "__bpf_kfunc bool scx_bpf_dsq_move(void);\n");
  repo.commit("sched_ext: add scx_bpf_dsq_move", 1700002000);
  repo.write("include/uapi/linux/bpf.h", "enum { BPF_PROG_TYPE_SOCKET_FILTER, BPF_PROG_TYPE_XDP, };\n");
  repo.commit("bpf: add XDP", 1700003000);
  repo.release("v6.13", "README", "v6.13\n", 1700004000);
  repo.write("Documentation/x.rst", "bpf_cgroup_read_xattr is outside files\n");
  repo.release("v6.14", "README", "v6.14\n", 1700005000);
  repo.tag("v6.14-rc1", "v6.13", false, 0);  // not selected by the file's regexes

  TempDir tmp;
  std::string db = tmp.file("k.db");
  auto r = run_ksince("index --repo " + shell_quote(repo.path()) + " --patterns " + shell_quote(kPatterns) +
                      " --db " + shell_quote(db));
  INFO("stderr: ", r.err);
  REQUIRE(r.status == 0);
  size_t warnings = 0;
  for (size_t at = 0; (at = r.err.find("ksince: warning: " + kPatterns + ":", at)) != std::string::npos; at++)
    warnings++;
  CHECK(warnings == repeated.size());
  for (const auto& [group, name] : repeated)
    CHECK(r.err.find("pattern '" + name + "' appears twice in group '" + group + "' (first at line ") !=
          std::string::npos);

  // Expected: every listing, in file order, with git's version and commit.
  std::string names_file = tmp.file("names");
  std::string names;
  for (const auto& [k, n] : times) names += k.second + "\n";
  write_file(names_file, names);
  std::vector<std::string> tags = {"v6.14", "v6.13", "v6.12"};  // git's version order, newest first
  CHECK(words_of(repo.git("-c versionsort.suffix=-rc tag -l --sort=-v:refname 'v6.1*'")) ==
        std::vector<std::string>{"v6.14", "v6.14-rc1", "v6.13", "v6.12"});
  std::vector<std::set<std::string>> present;
  for (const std::string& t : tags) present.push_back(present_per_git(repo, names_file, t, files));
  std::vector<Entry> want;
  size_t with_commit = 0;
  for (const auto& [group, name] : listings) {
    Entry e{group, name, "", ""};
    std::string prev;
    for (size_t i = 0; i < tags.size() && present[i].count(name); i++) {
      e.version = tags[i];
      prev = i + 1 < tags.size() ? tags[i + 1] : "";
    }
    if (!e.version.empty() && !prev.empty() && present.back().count(name) == 0) {
      e.commit = introducing_per_git(repo, name, e.version, prev, files);
      with_commit += !e.commit.empty();
    }
    want.push_back(e);
  }
  CHECK(with_commit == 5);  // bpf_strlen and scx_bpf_dsq_move twice each, BPF_PROG_TYPE_XDP once

  auto x = run_ksince("export --db " + shell_quote(db));
  REQUIRE(x.status == 0);
  std::vector<Entry> got;
  for (const auto& g : YAML::Load(x.out))
    for (const auto& f : g["features"])
      got.push_back({g["name"].as<std::string>(), f["name"].as<std::string>(), f["version"].as<std::string>(),
                     f["commit"].as<std::string>()});
  CHECK(got.size() == listings.size());
  CHECK(show(got) == show(want));

  // query and show answer once per group: it is one pattern.
  auto q = run_ksince("query --db " + shell_quote(db) + " bpf_strlen");
  CHECK(q.status == 0);
  CHECK(q.out.find("bpf_strlen  v6.13") == 0);
  CHECK(q.out.find('\n') == q.out.size() - 1);
  // check counts the listings the patterns file asks for, not as duplicates.
  auto c = run_ksince("check --db " + shell_quote(db));
  CHECK(c.out.find("appears more than once") == std::string::npos);
}

TEST_CASE("patterns file: the same name with different regexes in one group stays an error") {
  TempDir tmp;
  write_file(tmp.file("p.yaml"), "tags: ['^v']\npatterns:\n  - name: g\n    patterns:\n    - name: X\n"
                                 "    - name: X\n      regexes: ['X[0-9]']\n");
  GitRepo repo;
  repo.release("v1", "a", "X\n", 1500000000);
  auto r = run_ksince("index --repo " + shell_quote(repo.path()) + " --patterns " + shell_quote(tmp.file("p.yaml")) +
                      " --db " + shell_quote(tmp.file("k.db")));
  CHECK(r.status == 2);
  CHECK(r.err.find(tmp.file("p.yaml") + ":6:13: pattern 'X' appears twice in group 'g' (first at line 5) with "
                   "different regexes") != std::string::npos);
}
