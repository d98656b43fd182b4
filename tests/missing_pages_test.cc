// docs build --create-missing: the kfunc page template against the real
// pages' common structure, and where a new kfunc goes in the folder's
// literate-nav SUMMARY.md.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <set>

#include "docs/missing_pages.h"
#include "git_fixture.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const std::string kSrc = KSINCE_SOURCE_DIR;

// A page's skeleton: its headings down to `depth` (the subject's name made
// NAME) and its generated markers, in order; not what the markers enclose
// (generated) nor code blocks.
std::vector<std::string> skeleton(const std::string& text, const std::string& name, size_t depth = 3) {
  std::vector<std::string> out;
  bool in_block = false, in_code = false;
  for (const std::string& line : split_lines(text)) {
    if (line.rfind("```", 0) == 0 || line.rfind("    ```", 0) == 0) in_code = !in_code;
    if (in_code) continue;
    if (line.rfind("<!-- [", 0) == 0) {
      out.push_back(line.substr(0, line.find(']') + 1));
      in_block = line.rfind("<!-- [/", 0) != 0 && line.rfind("<!-- [FEATURE_TAG]", 0) != 0;
    } else if (line.rfind("<!-- [/", 0) == 0) {
      in_block = false;
    } else if (!in_block && line.rfind("#", 0) == 0) {
      size_t level = line.find_first_not_of('#');
      if (level > depth) continue;
      std::string h = line;
      size_t at = h.find("`" + name + "`");
      if (at != std::string::npos) h.replace(at, name.size() + 2, "`NAME`");
      out.push_back(h);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("missing pages: the kfunc template has the skeleton most of the site's real kfunc pages share") {
  std::string tmpl = read_file(kSrc + "/data/page-templates/kfunc.md");
  std::map<std::vector<std::string>, std::vector<std::string>> pages_by_skeleton;
  for (const auto& e : std::filesystem::directory_iterator(kSrc + "/tests/data/ebpf-docs/docs/linux/kfuncs")) {
    std::string name = e.path().stem().string();
    std::string text = read_file(e.path().string());
    if (text.find("<!-- [KFUNC_DEF] -->") == std::string::npos) continue;  // the HID pages keep theirs by hand
    pages_by_skeleton[skeleton(text, name)].push_back(name);
  }
  REQUIRE(!pages_by_skeleton.empty());
  auto common = pages_by_skeleton.begin();
  for (auto it = pages_by_skeleton.begin(); it != pages_by_skeleton.end(); ++it)
    if (it->second.size() > common->second.size()) common = it;
  CAPTURE(common->second.size());
  CHECK(skeleton(page_from_template(tmpl, "bpf_new"), "bpf_new") == common->first);
  // Front matter and title as the real pages write them, for the new name.
  std::string page = page_from_template(tmpl, "bpf_new");
  CHECK(page.rfind("---\ntitle: \"KFunc 'bpf_new'\"\n", 0) == 0);
  CHECK(page.find("{{") == std::string::npos);
  CHECK(page.find("<!-- [FEATURE_TAG](bpf_new) -->\n<!-- [/FEATURE_TAG] -->") != std::string::npos);
  // The placeholder for the prose is the site's own visible admonition.
  CHECK(page.find("!!! example \"Docs could be improved\"") != std::string::npos);
}

TEST_CASE("missing pages: a new kfunc goes under the heading with most kfuncs of its sets, else a new heading") {
  const std::string summary =
      "- [`index.md`](index.md)\n"
      "- CPU mask KFuncs\n"
      "  - [`bpf_cpumask_create`](bpf_cpumask_create.md)\n"
      "  - [`bpf_cpumask_release`](bpf_cpumask_release.md)\n"
      "- Generic KFuncs\n"
      "  - [`bpf_throw`](bpf_throw.md)\n"
      "  - [`bpf_cpumask_first`](bpf_cpumask_first.md)\n"
      "- Misc\n"
      "  - [`bpf_a`](bpf_a.md)\n";
  std::map<std::string, std::set<std::string>> members = {
      {"cpumask_set", {"bpf_cpumask_create", "bpf_cpumask_release", "bpf_cpumask_first", "bpf_cpumask_new"}},
      {"generic_set", {"bpf_throw", "bpf_generic_new"}},
      {"tie_set", {"bpf_cpumask_create", "bpf_throw", "bpf_tie"}},
      {"lonely_set", {"bpf_lonely", "bpf_lonely2"}}};
  std::string out = summary_with_kfuncs(summary,
                                        {{"bpf_cpumask_new", {"cpumask_set"}},
                                         {"bpf_generic_new", {"generic_set"}},
                                         {"bpf_tie", {"tie_set"}},
                                         {"bpf_lonely", {"lonely_set"}},
                                         {"bpf_lonely2", {"lonely_set"}},
                                         {"bpf_a", {"generic_set"}}},  // already listed: stays where it is
                                        members);
  CHECK(out == "- [`index.md`](index.md)\n"
               "- CPU mask KFuncs\n"
               "  - [`bpf_cpumask_create`](bpf_cpumask_create.md)\n"
               "  - [`bpf_cpumask_release`](bpf_cpumask_release.md)\n"
               "  - [`bpf_cpumask_new`](bpf_cpumask_new.md)\n"  // 2 of its set here, 1 under Generic
               "  - [`bpf_tie`](bpf_tie.md)\n"                   // a tie: the first heading
               "- Generic KFuncs\n"
               "  - [`bpf_throw`](bpf_throw.md)\n"
               "  - [`bpf_cpumask_first`](bpf_cpumask_first.md)\n"
               "  - [`bpf_generic_new`](bpf_generic_new.md)\n"
               "- Misc\n"
               "  - [`bpf_a`](bpf_a.md)\n"
               "- lonely_set\n"  // no heading lists its set: one named after it, at the end
               "  - [`bpf_lonely`](bpf_lonely.md)\n"
               "  - [`bpf_lonely2`](bpf_lonely2.md)\n");
  // A second run has nothing to add, and leaves the file byte for byte.
  CHECK(summary_with_kfuncs(out, {{"bpf_tie", {"tie_set"}}, {"bpf_lonely", {"lonely_set"}}}, members) == out);
  std::string no_newline = "- A\n  - [`x`](x.md)";
  CHECK(summary_with_kfuncs(no_newline, {{"x", {"s"}}}, {{"s", {"x"}}}) == no_newline);
  // The file's own bullet and indentation.
  CHECK(summary_with_kfuncs("* A\n    * [`x`](x.md)\n", {{"y", {"s"}}}, {{"s", {"x", "y"}}}) ==
        "* A\n    * [`x`](x.md)\n    * [`y`](y.md)\n");
}

TEST_CASE("missing pages: the program-type, map-type and helper templates have a real page's skeleton") {
  struct Case {
    const char* tmpl;
    const char* real;  // a page of the site of that kind (tests/data/ebpf-docs)
    size_t depth;
  };
  for (Case c : {Case{"program-type.md", "program-type/BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE", 2},
                 Case{"map-type.md", "map-type/BPF_MAP_TYPE_SOCKMAP", 2},
                 Case{"helper-function.md", "helper-function/bpf_map_lookup_elem", 3}}) {
    CAPTURE(c.tmpl);
    std::string real_name = std::filesystem::path(c.real).filename().string();
    std::string real = read_file(kSrc + "/tests/data/ebpf-docs/docs/linux/" + c.real + ".md");
    std::string page = page_from_template(read_file(kSrc + "/data/page-templates/" + c.tmpl), "NEW_NAME");
    CHECK(skeleton(page, "NEW_NAME", c.depth) == skeleton(real, real_name, c.depth));
    CHECK(page.find("{{") == std::string::npos);
    CHECK(page.find("<!-- [FEATURE_TAG](NEW_NAME) -->\n<!-- [/FEATURE_TAG] -->") != std::string::npos);
  }
}

TEST_CASE("missing pages: a new map type goes after the one before it in the kernel's order, inside its group") {
  const std::string summary =
      "* [`index.md`](index.md)\n"
      "* Generic map types\n"
      "  * [`BPF_MAP_TYPE_HASH`](BPF_MAP_TYPE_HASH.md)\n"
      "  * [`BPF_MAP_TYPE_ARRAY`](BPF_MAP_TYPE_ARRAY.md)\n"
      "* Misc\n"
      "  * [`BPF_MAP_TYPE_STRUCT_OPS`](BPF_MAP_TYPE_STRUCT_OPS.md)\n"
      "  * [`BPF_MAP_TYPE_INSN_ARRAY`](BPF_MAP_TYPE_INSN_ARRAY.md)\n";
  // The kernel's order: HASH ARRAY NEW_A STRUCT_OPS INSN_ARRAY NEW_B; FIRST before all.
  std::vector<std::string> order = {"BPF_MAP_TYPE_FIRST", "BPF_MAP_TYPE_HASH", "BPF_MAP_TYPE_ARRAY", "BPF_MAP_TYPE_NEW_A",
                                    "BPF_MAP_TYPE_STRUCT_OPS", "BPF_MAP_TYPE_INSN_ARRAY", "BPF_MAP_TYPE_NEW_B"};
  std::string out =
      summary_in_order(summary, {"BPF_MAP_TYPE_NEW_B", "BPF_MAP_TYPE_NEW_A", "BPF_MAP_TYPE_FIRST", "BPF_MAP_TYPE_HASH"},
                       order);
  CHECK(out == "* [`index.md`](index.md)\n"
               "* Generic map types\n"
               "  * [`BPF_MAP_TYPE_FIRST`](BPF_MAP_TYPE_FIRST.md)\n"  // nothing before it: before the next one
               "  * [`BPF_MAP_TYPE_HASH`](BPF_MAP_TYPE_HASH.md)\n"    // already there: not moved
               "  * [`BPF_MAP_TYPE_ARRAY`](BPF_MAP_TYPE_ARRAY.md)\n"
               "  * [`BPF_MAP_TYPE_NEW_A`](BPF_MAP_TYPE_NEW_A.md)\n"  // after ARRAY, in its group
               "* Misc\n"
               "  * [`BPF_MAP_TYPE_STRUCT_OPS`](BPF_MAP_TYPE_STRUCT_OPS.md)\n"
               "  * [`BPF_MAP_TYPE_INSN_ARRAY`](BPF_MAP_TYPE_INSN_ARRAY.md)\n"
               "  * [`BPF_MAP_TYPE_NEW_B`](BPF_MAP_TYPE_NEW_B.md)\n");
  CHECK(summary_in_order(out, {"BPF_MAP_TYPE_NEW_A", "BPF_MAP_TYPE_NEW_B"}, order) == out);
  // A folder whose nav lists none of the kernel's subjects: at the end.
  CHECK(summary_in_order("- [`index.md`](index.md)\n", {"BPF_MAP_TYPE_HASH"}, order) ==
        "- [`index.md`](index.md)\n- [`BPF_MAP_TYPE_HASH`](BPF_MAP_TYPE_HASH.md)\n");
}

TEST_CASE("missing pages: pages made for the kernel's subjects a site lacks, and pages of gone ones said") {
  TempDir tmp;
  const std::string root = tmp.file("docs");
  std::filesystem::create_directories(root + "/linux/map-type");
  write_file(root + "/linux/map-type/BPF_MAP_TYPE_HASH.md", "# Map type `BPF_MAP_TYPE_HASH`\n");
  write_file(root + "/linux/map-type/BPF_MAP_TYPE_GONE.md", "# Map type `BPF_MAP_TYPE_GONE`\n");
  write_file(root + "/linux/map-type/SUMMARY.md", "* Generic\n  * [`BPF_MAP_TYPE_HASH`](BPF_MAP_TYPE_HASH.md)\n");
  MissingPages m = missing_subject_pages(root, "linux/map-type/", "map-type.md",
                                         {"BPF_MAP_TYPE_HASH", "BPF_MAP_TYPE_NEW"}, kSrc + "/data", "v7.3", "map type");
  CHECK(m.names == std::set<std::string>{"BPF_MAP_TYPE_NEW"});
  REQUIRE(m.created.count("linux/map-type/BPF_MAP_TYPE_NEW.md"));
  CHECK(m.created["linux/map-type/BPF_MAP_TYPE_NEW.md"] ==
        page_from_template(read_file(kSrc + "/data/page-templates/map-type.md"), "BPF_MAP_TYPE_NEW"));
  CHECK(m.rewritten["linux/map-type/SUMMARY.md"] ==
        "* Generic\n  * [`BPF_MAP_TYPE_HASH`](BPF_MAP_TYPE_HASH.md)\n  * [`BPF_MAP_TYPE_NEW`](BPF_MAP_TYPE_NEW.md)\n");
  REQUIRE(m.notes.size() == 1);
  CHECK(m.notes[0].file == root + "/linux/map-type/BPF_MAP_TYPE_GONE.md");
  CHECK(m.notes[0].message == "the source has no map type 'BPF_MAP_TYPE_GONE' at v7.3; the page is kept");
  // A template that is not there: the error names it.
  CHECK_THROWS_WITH_AS(missing_subject_pages(root, "linux/map-type/", "nope.md", {"BPF_MAP_TYPE_X"}, kSrc + "/data",
                                             "v7.3", "map type"),
                       doctest::Contains("page-templates/nope.md: cannot read the page template"), std::exception);
}
