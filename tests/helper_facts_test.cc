// Helper facts through the whole index pipeline on a generated kernel-like
// repository: the FN list, program types and their func_proto chains, a
// helper added on a side branch, a pair moving between groups, a pair blocked
// by a NULL case, a helper removed. Per tag, the facts must be what the test
// wrote. Each introducing commit must satisfy the SPEC's definition, judged by
// extracting the trees git shows at the commit and at each parent. And the
// derived helpers-functions export, flattened by the reference's own rules,
// must give exactly the derived program-type pairs.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "facts/derived_facts.h"
#include "facts/func_proto_extractor.h"
#include "fact_oracle.h"
#include "git_fixture.h"
#include "docs/helper_data.h"
#include "facts/helper_defs_extractor.h"
#include "docs/helper_refs.h"
#include "docs/helpers_from_facts.h"
#include "pipeline/indexer.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;

namespace {

// The kernel-like source the test writes: helpers in the FN list; per
// func_proto its own cases and what it falls through to.
struct Source {
  std::vector<std::string> helpers = {"map_lookup_elem", "redirect", "ktime_get_ns", "trace_printk"};
  std::map<std::string, std::vector<std::string>> cases = {
      {"xdp_func_proto", {"redirect"}},
      {"sk_filter_func_proto", {}},
      {"bpf_sk_base_func_proto", {}},
      {"bpf_base_func_proto", {"map_lookup_elem", "ktime_get_ns"}}};
  std::set<std::string> blocked_in_sk_filter;  // `case BPF_FUNC_x: return NULL;`

  std::string uapi() const {
    std::string t = "#define ___BPF_FUNC_MAPPER(FN, ctx...)\t\\\n\tFN(unspec, 0, ##ctx)\t\\\n";
    for (size_t i = 0; i < helpers.size(); i++)
      t += "\tFN(" + helpers[i] + ", " + std::to_string(i + 1) + ", ##ctx)\t\\\n";
    return t + "\t/* */\n\n#define __BPF_FUNC_MAPPER_APPLY(name, value, FN) FN(name),\n"
               "#define __BPF_FUNC_MAPPER(FN) ___BPF_FUNC_MAPPER(__BPF_FUNC_MAPPER_APPLY, FN)\n";
  }
  std::string func(const std::string& name, const std::string& fallback, const std::set<std::string>& nulls) const {
    std::string t = "static const struct bpf_func_proto *\n" + name +
                    "(enum bpf_func_id func_id, const struct bpf_prog *prog)\n{\n\tswitch (func_id) {\n";
    for (const auto& h : cases.at(name)) t += "\tcase BPF_FUNC_" + h + ":\n\t\treturn &bpf_" + h + "_proto;\n";
    for (const auto& h : nulls) t += "\tcase BPF_FUNC_" + h + ":\n\t\treturn NULL;\n";
    return t + "\tdefault:\n\t\treturn " + fallback + ";\n\t}\n}\n\n";
  }
  std::string filter_c() const {
    return func("xdp_func_proto", "bpf_sk_base_func_proto(func_id, prog)", {}) +
           func("sk_filter_func_proto", "bpf_sk_base_func_proto(func_id, prog)", blocked_in_sk_filter) +
           func("bpf_sk_base_func_proto", "bpf_base_func_proto(func_id, prog)", {}) +
           "const struct bpf_verifier_ops xdp_verifier_ops = {\n\t.get_func_proto\t= xdp_func_proto,\n};\n"
           "const struct bpf_verifier_ops sk_filter_verifier_ops = {\n\t.get_func_proto\t= sk_filter_func_proto,\n};\n";
  }
  std::string helpers_c() const { return func("bpf_base_func_proto", "NULL", {}); }

  // What the verifier's chain gives each program type.
  std::set<std::string> pairs() const {
    std::set<std::string> out;
    auto chain = [&](const std::string& prog, std::vector<std::string> fns, const std::set<std::string>& nulls) {
      std::set<std::string> decided = nulls;
      for (const auto& fn : fns)
        for (const auto& h : cases.at(fn))
          if (decided.insert(h).second) out.insert(prog + " bpf_" + h);
    };
    chain("BPF_PROG_TYPE_XDP", {"xdp_func_proto", "bpf_sk_base_func_proto", "bpf_base_func_proto"}, {});
    chain("BPF_PROG_TYPE_SOCKET_FILTER", {"sk_filter_func_proto", "bpf_sk_base_func_proto", "bpf_base_func_proto"},
          blocked_in_sk_filter);
    return out;
  }

  void write(GitRepo& repo) const {
    repo.write("include/uapi/linux/bpf.h", uapi());
    repo.write("include/linux/bpf_types.h",
               "BPF_PROG_TYPE(BPF_PROG_TYPE_SOCKET_FILTER, sk_filter, struct __sk_buff, struct sk_buff)\n"
               "BPF_PROG_TYPE(BPF_PROG_TYPE_XDP, xdp, struct xdp_md, struct xdp_buff)\n");
    repo.write("net/core/filter.c", filter_c());
    repo.write("kernel/bpf/helpers.c", helpers_c());
  }
};

const std::vector<std::string> kPaths = {"include/uapi/linux/bpf.h", "include/linux/bpf_types.h",
                                         "net/core/filter.c", "kernel/bpf/helpers.c"};

// The oracle for presence at a commit: the extractors applied to the files
// git shows there, outside the index (no cache, no graph, no search).
std::set<std::string> facts_at(const GitRepo& repo, const std::string& rev) {
  std::set<std::string> out;
  HelperDefsExtractor defs;
  FuncProtoExtractor protos;
  std::vector<nlohmann::json> d, p;
  std::vector<std::string> paths;
  for (const auto& path : kPaths) {
    if (repo.git_status("cat-file -e " + rev + ":" + path) != 0) continue;
    std::string text = repo.git("show " + rev + ":" + path);
    paths.push_back(path);
    d.push_back(defs.extract(text));
    p.push_back(protos.extract(text));
  }
  std::vector<ExtractedFile> in_d, in_p;
  for (size_t i = 0; i < paths.size(); i++) {
    in_d.push_back({paths[i], &d[i]});
    in_p.push_back({paths[i], &p[i]});
  }
  for (const auto& f : defs.resolve(in_d).facts) out.insert(f.kind + " " + f.key);
  for (const auto& f : protos.resolve(in_p).facts) out.insert(f.kind + " " + f.key);
  return out;
}

std::set<std::string> derived_pairs(Store& store, const std::string& tag) {
  std::set<std::string> out;
  for (const auto& a : derived_facts(store, "prog_helper", tag)) out.insert(a.key);
  return out;
}

}  // namespace

TEST_CASE("helper facts: per tag as written, commits by the SPEC's definition, export flattens to the pairs") {
  GitRepo repo;
  int64_t date = 1600000000;
  Source src;
  std::map<std::string, std::set<std::string>> want;  // tag -> prog_helper keys
  auto release = [&](const std::string& tag) {
    src.write(repo);
    commit_release(repo, date, tag);
    want[tag] = src.pairs();
  };
  release("v1.0");

  // A helper added on a side branch (FN list, then the case), merged.
  repo.git("checkout -q -b side");
  src.helpers.push_back("xdp_load_bytes");
  src.write(repo);
  repo.commit("uapi: add xdp_load_bytes", date += 100);
  src.cases["xdp_func_proto"].push_back("xdp_load_bytes");
  src.write(repo);
  repo.commit("xdp: allow xdp_load_bytes", date += 100);
  repo.git("checkout -q master");
  repo.write("README", "mainline moves on\n");
  repo.commit("mainline", date += 100);
  repo.git("-c user.name=t -c user.email=t@e merge -q --no-ff --no-edit side");
  release("v1.1");

  // A pair moves from a program's own cases to a shared group: every program
  // reaching the group gets it, SOCKET_FILTER later than XDP. And
  // SOCKET_FILTER blocks trace_printk, which the base group then offers.
  src.cases["xdp_func_proto"].erase(std::find(src.cases["xdp_func_proto"].begin(),
                                              src.cases["xdp_func_proto"].end(), "redirect"));
  src.cases["bpf_sk_base_func_proto"].push_back("redirect");
  src.cases["bpf_base_func_proto"].push_back("trace_printk");
  src.blocked_in_sk_filter.insert("trace_printk");
  release("v1.2");

  // A helper removed everywhere.
  src.helpers.erase(std::find(src.helpers.begin(), src.helpers.end(), "ktime_get_ns"));
  auto& base = src.cases["bpf_base_func_proto"];
  base.erase(std::find(base.begin(), base.end(), "ktime_get_ns"));
  release("v1.3");

  TempDir tmp;
  IndexReport r;
  IndexOptions o = index_declared(repo, tmp, "bpf_redirect", "helper", &r);
  CHECK(r.facts.commits_found > 0);
  CHECK(r.facts.unknowns == 0);

  Store store(o.db, Store::Mode::ReadOnly);
  for (const auto& tag_pairs : want) {
    const auto& tag = tag_pairs.first;
    const auto& pairs = tag_pairs.second;
    CAPTURE(tag);
    CHECK(derived_pairs(store, tag) == pairs);
  }

  // Every introducing commit of every fact, judged outside the index.
  size_t judged = judge_fact_commits(
      store, repo, {"helper", "prog_helper", "func_proto_helper", "func_proto_include", "prog_func_proto"},
      facts_at);
  CHECK(judged >= 5);

  // A pattern declared as a helper takes the helper's definition.
  auto redirect = derived_facts_about(store, "bpf_redirect");
  CHECK(!redirect.empty());

  // The export, flattened by the reference's own rules, gives the pairs:
  // at the newest tag and at an older one.
  for (const std::string tag : {"v1.3", "v1.1"}) {
    CAPTURE(tag);
    HelperData data = helpers_from_facts(store, tag);
    std::string file = tmp.file("derived-" + tag + ".yaml");
    write_file(file, render_helpers_file(data));
    HelperData back = parse_helpers_file(file);  // what the docs build would read
    std::set<std::string> flat;
    for (const HelperList& prog : back.programs)
      for (const ResolvedHelper& h : resolve_helpers(back, prog)) flat.insert(prog.name + " " + h.name);
    CHECK(flat == want[tag]);
  }
  // SOCKET_FILTER got bpf_redirect in v1.2, later than the helper itself:
  // its list says so with a since; XDP had it from v1.0 and says nothing.
  HelperData now = helpers_from_facts(store);
  for (const HelperList& prog : now.programs)
    for (const ResolvedHelper& h : resolve_helpers(now, prog))
      if (h.name == "bpf_redirect") {
        CAPTURE(prog.name);
        CHECK(h.has_since == (prog.name == "BPF_PROG_TYPE_SOCKET_FILTER"));
        if (h.has_since) CHECK(h.since_version == "1.2");
      }
}

// libbpf's own releases as a history: its uapi bpf.h at v1.5.0 and v1.7.0
// (vendored). `export --format bpf-helper-defs --at TAG` through the binary
// must equal libbpf's committed bpf_helper_defs.h at that tag, byte for byte.
TEST_CASE("helper facts: export --format bpf-helper-defs equals libbpf's committed header at each tag") {
  const std::string data = std::string(KSINCE_SOURCE_DIR) + "/tests/data/libbpf/";
  GitRepo repo;
  int64_t date = 1700000000;
  for (const std::string tag : {"v1.5.0", "v1.7.0"}) {
    repo.write("include/uapi/linux/bpf.h", read_file(data + "bpf-" + tag + ".h"));
    repo.commit("sync " + tag, date += 100);
    repo.tag(tag, "HEAD", true, date += 100);
  }
  TempDir tmp;
  write_file(tmp.file("p.yaml"), "files: [include]\ntags: ['^v']\npatterns:\n  - name: helpers\n    kind: helper\n"
                                 "    patterns:\n      - name: bpf_loop\n");
  const std::string bin = shell_quote(KSINCE_BIN);
  std::string db = shell_quote(tmp.file("k.db"));
  REQUIRE(run(bin + " index --repo " + shell_quote(repo.path()) + " --patterns " + shell_quote(tmp.file("p.yaml")) +
              " --db " + db).status == 0);
  for (const std::string tag : {"v1.5.0", "v1.7.0"}) {
    CAPTURE(tag);
    auto r = run(bin + " export --format bpf-helper-defs --at " + tag + " --db " + db);
    REQUIRE(r.status == 0);
    CHECK(r.out == read_file(data + "bpf_helper_defs-" + tag + ".h"));
  }
  // The newest tag by default; an unknown tag is an error that names it.
  CHECK(run(bin + " export --format bpf-helper-defs --db " + db).out == read_file(data + "bpf_helper_defs-v1.7.0.h"));
  auto bad = run(bin + " export --format bpf-helper-defs --at v9.9 --db " + db);
  CHECK(bad.status != 0);
  CHECK(bad.err.find("'v9.9'") != std::string::npos);
}

TEST_CASE("helper facts: without --at, export, query and check answer for the newest tag the index selected") {
  GitRepo repo;
  int64_t date = 1600000000;
  Source src;
  auto release = [&](const std::string& tag) {
    src.write(repo);
    commit_release(repo, date, tag);
  };
  release("v1.0");
  src.helpers.push_back("xdp_load_bytes");
  src.cases["xdp_func_proto"].push_back("xdp_load_bytes");
  release("v1.1");
  // At the newest tag a pair and a helper are gone: xdp loses redirect, and
  // the FN list loses trace_printk.
  src.cases["xdp_func_proto"].erase(std::find(src.cases["xdp_func_proto"].begin(),
                                              src.cases["xdp_func_proto"].end(), "redirect"));
  src.helpers.erase(std::find(src.helpers.begin(), src.helpers.end(), "trace_printk"));
  release("v1.2");

  TempDir tmp;
  write_file(tmp.file("p.yaml"), simple_patterns({"bpf_redirect"}, "[include, net, kernel]"));
  std::string db = tmp.file("h.db");
  REQUIRE(run(shell_quote(KSINCE_BIN) + " index --quiet --repo " + shell_quote(repo.path()) + " --patterns " +
              shell_quote(tmp.file("p.yaml")) + " --db " + shell_quote(db))
              .status == 0);
  auto ksince = [&](const std::string& args) { return run(shell_quote(KSINCE_BIN) + " " + args + " --db " + shell_quote(db)); };
  // (bpf-helper-defs: the test above, on libbpf's real uapi header.)
  for (const std::string args : {"export --format helpers-functions", "export --format helpers-functions --from derived",
                                 "query BPF_PROG_TYPE_XDP --helpers --json"}) {
    CAPTURE(args);
    CommandResult def = ksince(args), newest = ksince(args + " --at v1.2"), older = ksince(args + " --at v1.1");
    CHECK(def.status == 0);
    CHECK(def.out == newest.out);
    CHECK(def.out != older.out);  // the comparison can fail
  }
  // The flattened default export gives exactly the newest tag's pairs.
  write_file(tmp.file("hf.yaml"), ksince("export --format helpers-functions").out);
  HelperData data = parse_helpers_file(tmp.file("hf.yaml"));
  Store store(db, Store::Mode::ReadOnly);
  std::set<std::string> flattened;
  for (const HelperList& l : data.programs)
    for (const ResolvedHelper& r : resolve_helpers(data, l)) flattened.insert(l.name + " " + r.name);
  CHECK(flattened == derived_pairs(store, "v1.2"));
  CHECK(flattened.count("BPF_PROG_TYPE_XDP bpf_redirect") == 0);
  // check --against the newest tag's own export: no disagreement.
  CommandResult check = ksince("check --against " + shell_quote(tmp.file("hf.yaml")));
  CHECK(check.out == "0 disagreements\n");
  CHECK(check.status == 0);
}

// docs build --report for the helper lists: the imported helpers-functions.yaml
// is a hand-kept file that missed v1.1's new pair, still lists a helper
// gone at v1.2, and dates a pair wrongly.
TEST_CASE("helper facts: docs build --report lists each change against the imported file with the kernel's place") {
  GitRepo repo;
  int64_t date = 1600000000;
  Source src;
  auto release = [&](const std::string& tag) {
    src.write(repo);
    commit_release(repo, date, tag);
  };
  release("v1.0");
  src.helpers.push_back("xdp_load_bytes");  // v1.1: a new helper for XDP
  src.cases["xdp_func_proto"].push_back("xdp_load_bytes");
  release("v1.1");
  // v1.2: ktime_get_ns gone; redirect moves to the socket group, so
  // SOCKET_FILTER gets it now, later than the helper came.
  src.helpers.erase(std::find(src.helpers.begin(), src.helpers.end(), "ktime_get_ns"));
  auto& base = src.cases["bpf_base_func_proto"];
  base.erase(std::find(base.begin(), base.end(), "ktime_get_ns"));
  auto& xdp = src.cases["xdp_func_proto"];
  xdp.erase(std::find(xdp.begin(), xdp.end(), "redirect"));
  src.cases["bpf_sk_base_func_proto"].push_back("redirect");
  release("v1.2");

  TempDir tmp;
  IndexOptions o = index_declared(repo, tmp, "bpf_redirect", "helper");
  std::string report = derived_report(
      tmp, o.db, "helpers-functions.yaml",
      "programs:\n  BPF_PROG_TYPE_XDP:\n  - name: bpf_redirect\n  - name: bpf_map_lookup_elem\n"
      "  - name: bpf_ktime_get_ns\n  BPF_PROG_TYPE_SOCKET_FILTER:\n  - name: bpf_map_lookup_elem\n"
      "  - name: bpf_redirect\n    since:\n      version: 1.1\n      commit: 1111111111111111111111111111111111111111\n",
      "program-type");
  INFO(report);

  // Each place checked against the tree git shows at its tag: the case
  // that returns the helper's proto.
  Store store(o.db, Store::Mode::ReadOnly);
  auto place = [&](const std::string& key, const std::string& tag, const std::string& helper) {
    return checked_fact_place(store, repo, "prog_helper", key, tag, helper);
  };
  std::string socket_page = "## linux/program-type/BPF_PROG_TYPE_SOCKET_FILTER.md\n\n"
                            "- since of `bpf_redirect` moved: v1.1 -> v1.2 (the source has the pair from v1.2): " +
                            place("BPF_PROG_TYPE_SOCKET_FILTER bpf_redirect", "v1.2", "redirect") + "\n";
  std::string xdp_page = "## linux/program-type/BPF_PROG_TYPE_XDP.md\n\n- added `bpf_xdp_load_bytes`: " +
                         place("BPF_PROG_TYPE_XDP bpf_xdp_load_bytes", "v1.2", "xdp_load_bytes") +
                         "\n- removed `bpf_ktime_get_ns`: last seen at v1.1, " +
                         place("BPF_PROG_TYPE_XDP bpf_ktime_get_ns", "v1.1", "ktime_get_ns") + "\n";
  CHECK(report.find("\n" + socket_page) != std::string::npos);
  CHECK(report.find("\n" + xdp_page) != std::string::npos);
  CHECK(report.find("2 pages change: 1 pairs added, 1 removed, 1 with their since moved, 0 kfuncs with their flags "
                    "changed.") != std::string::npos);
}

// docs build --conditions end to end: the kernel-like source gates a helper
// behind `if (!bpf_capable()) return NULL;`, as bpf_base_func_proto does.
// The program type's list must say so on that helper's line, with the
// place of the gate's helper in the source git shows, and not on the
// ungated helper's line.
TEST_CASE("helper facts: docs build --conditions labels the helper the source gives only to CAP_BPF") {
  GitRepo repo;
  int64_t date = 1600000000;
  Source src;
  src.write(repo);
  const std::string helpers_c =
      "static const struct bpf_func_proto *\nbpf_base_func_proto(enum bpf_func_id func_id, const struct bpf_prog "
      "*prog)\n{\n\tswitch (func_id) {\n\tcase BPF_FUNC_map_lookup_elem:\n\t\treturn &bpf_map_lookup_elem_proto;\n"
      "\tdefault:\n\t\tbreak;\n\t}\n\n\tif (!bpf_capable())\n\t\treturn NULL;\n\n\tswitch (func_id) {\n"
      "\tcase BPF_FUNC_ktime_get_ns:\n\t\treturn &bpf_ktime_get_ns_proto;\n\tdefault:\n\t\treturn NULL;\n\t}\n}\n";
  repo.write("kernel/bpf/helpers.c", helpers_c);
  commit_release(repo, date, "v1.0");
  TempDir tmp;
  IndexOptions o = index_declared(repo, tmp, "bpf_redirect", "helper");
  const std::string page = tmp.file("docs/linux/program-type/BPF_PROG_TYPE_XDP.md");
  std::filesystem::create_directories(tmp.file("docs/linux/program-type"));
  write_file(page, "# XDP\n\n<!-- [PROG_HELPER_FUNC_REF] -->\n<!-- [/PROG_HELPER_FUNC_REF] -->\n");
  CommandResult b = run(shell_quote(KSINCE_BIN) + " docs build --quiet --from derived --conditions --root " +
                        shell_quote(tmp.file("docs")) + " --db " + shell_quote(o.db));
  REQUIRE_MESSAGE(b.status == 0, b.err);
  std::string text = read_file(page);
  INFO(text);

  // The gated helper's line: the label, and a title whose place is a line of
  // helpers.c at v1.0 that returns the helper.
  std::vector<std::string> lines = split_lines(text);
  auto line_of = [&](const std::string& helper) {
    for (const std::string& l : lines)
      if (l.find("[`" + helper + "`]") != std::string::npos) return l;
    FAIL("no line for " << helper);
    return std::string();
  };
  std::string gated = line_of("bpf_ktime_get_ns");
  const std::string title = "only when the program's loader has CAP_BPF: bpf_capable() (kernel/bpf/helpers.c:";
  size_t at = gated.find(" <abbr title=\"" + title);
  REQUIRE(at != std::string::npos);
  size_t num = at + 14 + title.size();
  size_t end = gated.find(')', num);
  REQUIRE(end != std::string::npos);
  int where = std::stoi(gated.substr(num, end - num));
  CHECK(gated.substr(end) == ")\">CAP_BPF</abbr>");
  std::vector<std::string> source = split_lines(repo.git("show v1.0:kernel/bpf/helpers.c"));
  REQUIRE(where >= 1);
  REQUIRE(static_cast<size_t>(where) <= source.size());
  CHECK(source[where - 1].find("ktime_get_ns") != std::string::npos);
  // Ungated: the reference's line alone. The legend names the one label.
  CHECK(line_of("bpf_map_lookup_elem") == "    * [`bpf_map_lookup_elem`](../helper-function/bpf_map_lookup_elem.md)");
  CHECK(text.find("    - **CAP_BPF**: the program's loader needs CAP_BPF (bpf_capable())\n") != std::string::npos);
}
