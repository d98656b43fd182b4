// helpers-functions.yaml: the four helper lists (GENERATORS.md section 2, one
// case per rule), the import with every key kept, the export, the name checks.
#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <sstream>

#include "docs/data_file_kind.h"
#include "git_fixture.h"
#include "docs/helper_data.h"
#include "docs/helper_names.h"
#include "docs/helper_refs.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const std::string kSrc = KSINCE_SOURCE_DIR;
const std::string kRealHelpers = kSrc + "/tests/data/ebpf-docs/data/helpers-functions.yaml";
const std::string kRealFeatures = kSrc + "/tests/data/ebpf-docs-feature-versions.yaml";
const std::string kBin = KSINCE_BIN;

HelperData parse(TempDir& tmp, const std::string& yaml) {
  write_file(tmp.file("h.yaml"), yaml);
  return parse_helpers_file(tmp.file("h.yaml"));
}

std::map<std::string, std::string> bodies(const HelperData& d) {
  std::map<std::string, std::string> out;
  for (const Block& b : render_helper_refs(d)) out[b.kind + " " + b.page] = b.body;
  return out;
}

std::string prog_line(const std::string& h, const std::string& tag = "") {
  return "    * [`" + h + "`](../helper-function/" + h + ".md)" + tag + "\n";
}

std::string tag(const std::string& v, const std::string& c) {
  return " [:octicons-tag-24: v" + v + "](https://github.com/torvalds/linux/commit/" + c + ")";
}

const std::string kHeader = "??? abstract \"Supported helper functions\"\n";
const std::string kC1 = "1111111111111111111111111111111111111111";
const std::string kC2 = "2222222222222222222222222222222222222222";
const std::string kC3 = "3333333333333333333333333333333333333333";

}  // namespace

TEST_CASE("helper lists: groups flatten recursively, the first occurrence of a name wins, excludes act last") {
  TempDir tmp;
  HelperData d = parse(tmp, R"(groups:
  base:
  - name: h_base
  - name: h_shared
    since: {version: 5.1, commit: )" + kC1 + R"(}
  - exclude: h_gone_in_base
  - name: h_gone_in_base
  outer:
  - name: h_shared
    since: {version: 5.2, commit: )" + kC2 + R"(}
  - group: base
programs:
  P_DIRECT:
  - group: base
  - name: h_shared
    since: {version: 6.10, commit: )" + kC3 + R"(}
  P_GROUPS:
  - group: outer
  - group: base
  P_EXCL:
  - name: h_own
  - group: outer
  - exclude: h_base
  - exclude: h_own
  P_DUP:
  - name: h_twice
  - name: h_twice
)");
  auto b = bodies(d);
  // A direct entry beats a group's, even when the group comes first.
  CHECK(b["PROG_HELPER_FUNC_REF linux/program-type/P_DIRECT.md"] ==
        kHeader + prog_line("h_base") + prog_line("h_shared", tag("6.10", kC3)));
  // An earlier group beats a later one; a nested group's own excludes acted inside it.
  CHECK(b["PROG_HELPER_FUNC_REF linux/program-type/P_GROUPS.md"] ==
        kHeader + prog_line("h_base") + prog_line("h_shared", tag("5.2", kC2)));
  // A list's excludes remove group members and its own direct entries.
  CHECK(b["PROG_HELPER_FUNC_REF linux/program-type/P_EXCL.md"] == kHeader + prog_line("h_shared", tag("5.2", kC2)));
  // A list's own duplicates stay on its page, but give one line on the helper's page.
  CHECK(b["PROG_HELPER_FUNC_REF linux/program-type/P_DUP.md"] == kHeader + prog_line("h_twice") + prog_line("h_twice"));
  CHECK(b["HELPER_FUNC_PROG_REF linux/helper-function/h_twice.md"] ==
        " * [`P_DUP`](../program-type/P_DUP.md)\n");
  // The helper page shows, per program, the since of the entry that won there.
  CHECK(b["HELPER_FUNC_PROG_REF linux/helper-function/h_shared.md"] ==
        " * [`P_DIRECT`](../program-type/P_DIRECT.md)" + tag("6.10", kC3) + "\n" +
        " * [`P_EXCL`](../program-type/P_EXCL.md)" + tag("5.2", kC2) + "\n" +
        " * [`P_GROUPS`](../program-type/P_GROUPS.md)" + tag("5.2", kC2) + "\n");
  CHECK(b.count("HELPER_FUNC_PROG_REF linux/helper-function/h_gone_in_base.md") == 0);
  CHECK(b.count("HELPER_FUNC_PROG_REF linux/helper-function/h_own.md") == 0);
}

TEST_CASE("helper lists: a group that includes itself is an error with file:line, an unknown group is empty") {
  TempDir tmp;
  HelperData loop = parse(tmp, "groups:\n  a:\n  - group: b\n  b:\n  - name: x\n  - group: a\nprograms:\n  P:\n  - group: a\n");
  try {
    render_helper_refs(loop);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find(tmp.file("h.yaml") + ":2: group 'a' includes itself") != std::string::npos);
  }
  HelperData unknown = parse(tmp, "programs:\n  P:\n  - name: x\n  - group: nowhere\n");
  CHECK(bodies(unknown)["PROG_HELPER_FUNC_REF linux/program-type/P.md"] == kHeader + prog_line("x"));
}

TEST_CASE("helper lists: since tags keep the version as written, empty lists give empty bodies") {
  TempDir tmp;
  HelperData d = parse(tmp, "programs:\n  P_EMPTY: []\n  P:\n  - name: h\n    since:\n      version: 6.10\n      commit: " +
                                kC1 + "\nmaps:\n  M_NULL:\n  M:\n  - name: h\n    since: {version: \"5.10\", commit: " + kC2 +
                                "}\n");
  auto b = bodies(d);
  CHECK(b["PROG_HELPER_FUNC_REF linux/program-type/P_EMPTY.md"] == kHeader);
  CHECK(b["PROG_HELPER_FUNC_REF linux/program-type/P.md"] == kHeader + prog_line("h", tag("6.10", kC1)));
  REQUIRE(b.count("MAP_HELPER_FUNC_REF linux/map-type/M_NULL.md"));
  CHECK(b["MAP_HELPER_FUNC_REF linux/map-type/M_NULL.md"] == "");
  CHECK(b["MAP_HELPER_FUNC_REF linux/map-type/M.md"] == " * [`h`](../helper-function/h.md)" + tag("5.10", kC2) + "\n");
  CHECK(b["HELPER_FUNC_MAP_REF linux/helper-function/h.md"] == " * [`M`](../map-type/M.md)" + tag("5.10", kC2) + "\n");
}

TEST_CASE("helper lists: sorted in byte order, uppercase before '_' before lowercase") {
  TempDir tmp;
  HelperData d = parse(tmp, "programs:\n  P:\n  - name: bpf_b\n  - name: bpf_Z\n  - name: bpf__\n  - name: bpf_a\n"
                            "  - name: bpf_A\n  Q_b:\n  - name: bpf_a\n  Q_B:\n  - name: bpf_a\n  Q__:\n  - name: bpf_a\n");
  auto b = bodies(d);
  CHECK(b["PROG_HELPER_FUNC_REF linux/program-type/P.md"] ==
        kHeader + prog_line("bpf_A") + prog_line("bpf_Z") + prog_line("bpf__") + prog_line("bpf_a") + prog_line("bpf_b"));
  CHECK(b["HELPER_FUNC_PROG_REF linux/helper-function/bpf_a.md"] ==
        " * [`P`](../program-type/P.md)\n * [`Q_B`](../program-type/Q_B.md)\n"
        " * [`Q__`](../program-type/Q__.md)\n * [`Q_b`](../program-type/Q_b.md)\n");
}

TEST_CASE("helpers import: the three data files are told apart by their content") {
  TempDir tmp;
  write_file(tmp.file("a.yaml"), "- name: g\n  features: []\n");
  write_file(tmp.file("b.yaml"), "programs:\n  P: []\n");
  write_file(tmp.file("c.yaml"), "sets:\n  s:\n    funcs: []\n");
  write_file(tmp.file("d.yaml"), "something: else\n");
  CHECK(data_file_kind(tmp.file("a.yaml")) == DataFileKind::FeatureVersions);
  CHECK(data_file_kind(tmp.file("b.yaml")) == DataFileKind::HelpersFunctions);
  CHECK(data_file_kind(tmp.file("c.yaml")) == DataFileKind::Kfuncs);
  CHECK(data_file_kind(kRealHelpers) == DataFileKind::HelpersFunctions);
  CHECK(data_file_kind(kRealFeatures) == DataFileKind::FeatureVersions);
  CHECK_THROWS_WITH_AS(data_file_kind(tmp.file("d.yaml")), doctest::Contains("not a data file ksince knows"), Error);
}

TEST_CASE("helpers import: the real file's every key survives the index, the export differs only in go-yaml quoting") {
  TempDir tmp;
  std::string original = read_file(kRealHelpers);
  REQUIRE(!original.empty());
  {
    Store store(tmp.file("k.db"), Store::Mode::Create);
    CHECK(store_helpers(store, parse_helpers_file(kRealHelpers)) == "");
  }
  Store store(tmp.file("k.db"), Store::Mode::Create);
  HelperData d = load_helpers(store);
  std::string exported = render_helpers_file(d);

  // The expected text: the file without its comments and blank lines, with the
  // one change go-yaml makes: a version YAML reads as a number is quoted.
  std::string expected;
  std::istringstream in(original);
  static const std::regex comment(" *#.*$"), number_version("^( *version: )([0-9]+\\.[0-9]+)$");
  size_t requoted = 0;
  for (std::string l; std::getline(in, l);) {
    l = std::regex_replace(l, comment, "");
    if (l.find_first_not_of(' ') == std::string::npos) continue;
    std::smatch m;
    if (std::regex_match(l, m, number_version)) {
      l = m[1].str() + "\"" + m[2].str() + "\"";
      requoted++;
    }
    expected += l + "\n";
  }
  CHECK(requoted == 19);  // GENERATORS.md section 6: 19 since entries
  CHECK(exported == expected);
  // The keys the reference's Go structs drop are there.
  CHECK(exported.find("    sleepable: true\n") != std::string::npos);
  CHECK(exported.find("    prog:\n    - BPF_PROG_TYPE_TRACING\n") != std::string::npos);
  CHECK(exported.find("  - group: bpf_iter\n    attach_type: [BPF_TRACE_ITER]\n") != std::string::npos);
  CHECK(exported.find("  BPF_MAP_TYPE_STRUCT_OPS:\n  BPF_MAP_TYPE_RINGBUF:\n") != std::string::npos);
  // A fixed point: the export imported again exports the same bytes.
  write_file(tmp.file("again.yaml"), exported);
  CHECK(render_helpers_file(parse_helpers_file(tmp.file("again.yaml"))) == exported);
}

TEST_CASE("helpers import: unknown names are warnings with file:line, the real file has one (group bpf_iter)") {
  TempDir tmp;
  std::string db = " --db " + shell_quote(tmp.file("k.db"));
  auto features = run(shell_quote(kBin) + " import " + shell_quote(kRealFeatures) + db);
  REQUIRE(features.status == 0);
  auto r = run(shell_quote(kBin) + " import " + shell_quote(kRealHelpers) + db);
  INFO(r.out, r.err);
  CHECK(r.status == 0);
  CHECK(r.err == kRealHelpers + ":160: warning: unknown group 'bpf_iter' (no such key under groups:); the reference "
                                "silently reads it as an empty group\n");
  // Importing again replaces only that import, and says so; the feature facts stay.
  auto again = run(shell_quote(kBin) + " import " + shell_quote(kRealHelpers) + db);
  CHECK(again.out.find("replaced the earlier helpers-functions import (from " + kRealHelpers + ")") != std::string::npos);
  CHECK(run(shell_quote(kBin) + " export --format yaml" + db).out.find("    - name: bpf_loop\n") != std::string::npos);

  // Typos in a hand-made file: each named with its line.
  write_file(tmp.file("typo.yaml"),
             "groups:\n  g:\n  - name: bpf_loop\nprograms:\n  BPF_PROG_TYPE_XPD:\n  - name: bpf_lopo\n  - group: g\n"
             "maps:\n  BPF_MAP_TYPE_HASH:\n  - name: bpf_map_lookup_elem\n    prog: [BPF_PROG_TYPE_XDP, BPF_PROG_TYPE_NOPE]\n");
  auto typo = run(shell_quote(kBin) + " import " + shell_quote(tmp.file("typo.yaml")) + db);
  CHECK(typo.status == 0);
  std::string f = tmp.file("typo.yaml");
  CHECK(typo.err.find(f + ":5: warning: unknown program type 'BPF_PROG_TYPE_XPD'") != std::string::npos);
  CHECK(typo.err.find(f + ":6: warning: unknown helper 'bpf_lopo'") != std::string::npos);
  CHECK(typo.err.find(f + ":10: warning: unknown program type 'BPF_PROG_TYPE_NOPE'") != std::string::npos);
  CHECK(typo.err.find("BPF_PROG_TYPE_XDP'") == std::string::npos);
  // check reports them too.
  auto check = run(shell_quote(kBin) + " check" + db);
  CHECK(check.out.find("warning: " + f + ":6: unknown helper 'bpf_lopo'") != std::string::npos);
}

TEST_CASE("helpers import: a bad file is refused with file:line and the earlier import is kept") {
  TempDir tmp;
  std::string db = " --db " + shell_quote(tmp.file("k.db"));
  REQUIRE(run(shell_quote(kBin) + " import " + shell_quote(kRealHelpers) + db).status == 0);
  write_file(tmp.file("bad.yaml"), "programs:\n  P:\n  - name: a\n    group: b\n");
  auto r = run(shell_quote(kBin) + " import " + shell_quote(tmp.file("bad.yaml")) + db);
  CHECK(r.status == 2);
  CHECK(r.err.find(tmp.file("bad.yaml") + ":4:5: an entry has one of name, group or exclude") != std::string::npos);
  auto exported = run(shell_quote(kBin) + " export --format helpers-functions" + db);
  CHECK(exported.status == 0);
  CHECK(exported.out.find("BPF_PROG_TYPE_LIRC_MODE2") != std::string::npos);  // still the real file
}

TEST_CASE("export --from: imported or derived facts, with only imported ones, derived is refused") {
  TempDir tmp;
  std::string db = " --db " + shell_quote(tmp.file("k.db"));
  REQUIRE(run(shell_quote(kBin) + " import " + shell_quote(kRealFeatures) + db).status == 0);
  auto merged = run(shell_quote(kBin) + " export" + db);
  auto imported = run(shell_quote(kBin) + " export --from imported" + db);
  CHECK(imported.status == 0);
  CHECK(imported.out == merged.out);
  CHECK(imported.out.find("- name: helpers\n") != std::string::npos);
  auto derived = run(shell_quote(kBin) + " export --from derived" + db);
  CHECK(derived.status == 2);
  CHECK(derived.err.find("no derived feature facts") != std::string::npos);
  auto helpers = run(shell_quote(kBin) + " export --format helpers-functions" + db);
  CHECK(helpers.status == 2);
  CHECK(helpers.err.find("no helpers-functions data") != std::string::npos);
}

TEST_CASE("check --docs: without feature facts, helper and type names are checked against the pages") {
  TempDir tmp;
  std::string db = " --db " + shell_quote(tmp.file("k.db"));
  write_file(tmp.file("h.yaml"), "programs:\n  BPF_PROG_TYPE_XDP:\n  - name: bpf_loop\n  - name: bpf_nope\n"
                                 "  BPF_PROG_TYPE_NOPE:\n  - name: bpf_loop\nmaps:\n  BPF_MAP_TYPE_HASH: []\n");
  auto imported = run(shell_quote(kBin) + " import " + shell_quote(tmp.file("h.yaml")) + db);
  CHECK(imported.status == 0);
  CHECK(imported.err == "");  // nothing to check against yet
  std::string docs = tmp.file("docs");
  write_file(docs + "/linux/helper-function/bpf_loop.md", "# bpf_loop\n");
  write_file(docs + "/linux/program-type/BPF_PROG_TYPE_XDP.md", "# XDP\n");
  write_file(docs + "/linux/map-type/BPF_MAP_TYPE_HASH.md", "# HASH\n");
  auto check = run(shell_quote(kBin) + " check --docs " + shell_quote(docs) + db);
  std::string f = tmp.file("h.yaml");
  CHECK(check.out.find("warning: " + f + ":4: unknown helper 'bpf_nope' (not in the pages in " + docs +
                       "/linux/helper-function)") != std::string::npos);
  CHECK(check.out.find("warning: " + f + ":5: unknown program type 'BPF_PROG_TYPE_NOPE'") != std::string::npos);
  CHECK(check.out.find("bpf_loop'") == std::string::npos);
  CHECK(check.out.find("BPF_MAP_TYPE_HASH'") == std::string::npos);
}

TEST_CASE("helpers import: multi-line and odd strings come back as go-yaml writes them, through the index") {
  // Literal blocks at each place the file has a scalar (a value, a list
  // item, a map value), a flow list item with a break, a leading break
  // (double-quoted: go-yaml's block would lose it): what go-yaml v3 writes
  // there (indent 2; tests/yaml_differential_test.cc), read back the same.
  TempDir tmp;
  std::string text =
      "groups:\n"
      "  base:\n"
      "  - name: bpf_map_lookup_elem\n"
      "    note: |-\n"
      "      first line\n"
      "\n"
      "      third line\n"
      "    prog:\n"
      "    - |\n"
      "      one\n"
      "    - |2-\n"
      "       two\n"
      "      lines\n"
      "    attach_type: [\"a\\nb\", 'c,d']\n"
      "    cond:\n"
      "      why: |+\n"
      "        because\n"
      "\n"
      "      not: \"\\n\"\n";
  write_file(tmp.file("h.yaml"), text);
  HelperData parsed = parse_helpers_file(tmp.file("h.yaml"));
  {
    Store store(tmp.file("k.db"), Store::Mode::Create);
    CHECK(store_helpers(store, parsed) == "");
  }
  Store store(tmp.file("k.db"), Store::Mode::Create);
  std::string exported = render_helpers_file(load_helpers(store));
  CHECK(exported == text);
}
