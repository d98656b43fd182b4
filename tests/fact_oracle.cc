#include "fact_oracle.h"

#include <cctype>
#include <filesystem>

#include <doctest/doctest.h>

#include <map>
#include <sstream>

#include "facts/derived_facts.h"

namespace ksince::test {

size_t judge_fact_commits(Store& store, const GitRepo& repo, const std::vector<std::string>& kinds,
                          const FactsAtRevision& facts_at) {
  std::map<std::string, std::set<std::string>> at_rev;  // extracting a tree once per revision
  auto facts_of = [&](const std::string& rev) -> const std::set<std::string>& {
    auto it = at_rev.find(rev);
    if (it == at_rev.end()) it = at_rev.emplace(rev, facts_at(repo, rev)).first;
    return it->second;
  };
  size_t judged = 0;
  for (const std::string& kind : kinds) {
    for (const DerivedAnswer& a : derived_facts_ever(store, kind)) {  // gone at the newest tag too
      std::string id = a.kind + " " + a.key;
      INFO(id, " version ", a.version, " prev ", a.prev, " commit ", a.commit);
      if (a.version.empty() || a.prev.empty()) {
        CHECK(a.commit.empty());
        continue;
      }
      REQUIRE(a.commit.size() == 40);
      CHECK(a.commit_exact);
      CHECK(facts_of(a.commit).count(id) == 1);
      std::istringstream parents(repo.git("rev-list --parents -n 1 " + a.commit));
      std::string self, p;
      parents >> self;
      while (parents >> p) CHECK(facts_of(p).count(id) == 0);
      CHECK(repo.git_status("merge-base --is-ancestor " + a.commit + " " + a.version) == 0);
      CHECK(repo.git_status("merge-base --is-ancestor " + a.commit + " " + a.prev) == 1);
      judged++;
    }
  }
  return judged;
}

std::string checked_fact_place(Store& store, const GitRepo& repo, const std::string& kind, const std::string& key,
                               const std::string& tag, const std::string& word) {
  for (const auto& a : derived_facts(store, kind, tag)) {
    if (a.key != key) continue;
    std::vector<std::string> lines = split_lines(repo.git("show " + tag + ":" + a.file));
    REQUIRE(a.line >= 1);
    REQUIRE(a.line <= lines.size());
    CHECK(lines[a.line - 1].find(word) != std::string::npos);
    return a.file + ":" + std::to_string(a.line);
  }
  FAIL("no fact " << kind << " " << key << " at " << tag);
  return "";
}

std::string derived_report(const TempDir& tmp, const std::string& db, const std::string& data_name,
                           const std::string& data_file, const std::string& folder) {
  write_file(tmp.file(data_name), data_file);
  CommandResult imp = run(shell_quote(KSINCE_BIN) + " import " + shell_quote(tmp.file(data_name)) + " --db " +
                          shell_quote(db));
  REQUIRE_MESSAGE(imp.status == 0, imp.err);
  std::filesystem::create_directories(tmp.file("docs/linux/" + folder));
  CommandResult b = run(shell_quote(KSINCE_BIN) + " docs build --quiet --check --from derived --root " +
                        shell_quote(tmp.file("docs")) + " --report " + shell_quote(tmp.file("r.md")) + " --db " +
                        shell_quote(db));
  INFO(b.err);
  CHECK(b.status == 0);  // --check: no page of the folder changes
  CHECK(b.out.empty());
  return read_file(tmp.file("r.md"));
}

void commit_release(GitRepo& repo, int64_t& date, const std::string& tag) {
  repo.commit("release " + tag, date += 100);
  repo.tag(tag, "HEAD", true, date += 100);
}

IndexOptions index_declared(const GitRepo& repo, const TempDir& tmp, const std::string& name, const std::string& kind,
                            IndexReport* report) {
  write_file(tmp.file("p.yaml"), "files: [include]\ntags: ['^v']\npatterns:\n  - name: g\n    patterns:\n"
                                 "      - name: " + name + "\n        kind: " + kind + "\n");
  IndexOptions o{repo.path(), tmp.file("p.yaml"), tmp.file("k.db"), 2, TagOrder::Version};
  Progress quiet(false);
  IndexReport r = run_index(o, quiet);
  if (report) *report = r;
  return o;
}

std::string derived_report_head(const std::string& tag) {
  return "# What a build from the source changes\n\nThe facts derived from the source at " + tag +
         ", against the imported data, page by page. Each line ends with the place in the kernel that decides it: "
         "for a removal, where the source last had the pair. A `since` is reported only where the source "
         "contradicts it: for a pair whose first version the indexed tags show (not one already at the oldest "
         "indexed tag), a since outside the releases between the last tag without the pair and the first with "
         "it.\n\n";
}

std::string git_grep_place(const GitRepo& repo, const std::string& rev, const std::string& file,
                           const std::string& text) {
  std::vector<std::string> hits = split_lines(repo.git("grep -n -F -e " + shell_quote(text) + " " + rev + " -- " + file));
  REQUIRE(hits.size() == 1);  // "rev:file:line:text"
  std::string rest = hits[0].substr(rev.size() + 1 + file.size() + 1);
  return file + ":" + rest.substr(0, rest.find(':'));
}

void HelperSource::write(GitRepo& repo) const {
  std::string uapi = "#define ___BPF_FUNC_MAPPER(FN, ctx...)\t\\\n\tFN(unspec, 0, ##ctx)\t\\\n";
  for (size_t i = 0; i < helpers.size(); i++)
    uapi += "\tFN(" + helpers[i] + ", " + std::to_string(i + 1) + ", ##ctx)\t\\\n";
  uapi += "\t/* */\n\nenum bpf_prog_type {\n\tBPF_PROG_TYPE_UNSPEC,\n";
  for (const auto& [type, p] : programs) uapi += "\t" + type + ",\n";
  repo.write("include/uapi/linux/bpf.h", uapi + "};\n");
  std::string types;
  std::map<std::string, std::string> files;  // path -> its func_protos and verifier ops
  for (const auto& [type, p] : programs) {
    std::string name;  // BPF_PROG_TYPE_SCHED_CLS -> sched_cls
    for (char c : type.substr(std::string("BPF_PROG_TYPE_").size())) name += static_cast<char>(std::tolower(c));
    types += "BPF_PROG_TYPE(" + type + ", " + name + ", void *, void *)\n";
    std::string& f = files[p.file];
    f += "static const struct bpf_func_proto *\n" + name +
         "_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)\n{\n\tswitch (func_id) {\n";
    for (const std::string& h : p.helpers) f += "\tcase BPF_FUNC_" + h + ":\n\t\treturn &bpf_" + h + "_proto;\n";
    f += "\tdefault:\n\t\treturn NULL;\n\t}\n}\n\nconst struct bpf_verifier_ops " + name +
         "_verifier_ops = {\n\t.get_func_proto\t= " + name + "_func_proto,\n};\n\n";
  }
  repo.write("include/linux/bpf_types.h", types);
  for (const auto& [path, text] : files) repo.write(path, text);
}

}  // namespace ksince::test
