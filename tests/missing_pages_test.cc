// docs build --create-missing: the kfunc page template against the real
// pages' common structure, and where a new kfunc goes in the folder's
// literate-nav SUMMARY.md; errors reading the docs folder; and end to end
// on a small uapi header in a real repository, indexed by the binary.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <set>

#include "docs/kfunc_data.h"
#include "docs/missing_pages.h"
#include "fact_oracle.h"
#include "git_fixture.h"
#include "util/error.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const std::string kSrc = KSINCE_SOURCE_DIR;

// A template's text for `name`, by plain replacement (the expectation, not
// the code under test).
std::string with_name(std::string text, const std::string& name) {
  const std::string key = "{{name}}";
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + name.size()))
    text.replace(at, key.size(), name);
  return text;
}

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
  CHECK(skeleton(with_name(tmpl, "bpf_new"), "bpf_new") == common->first);
  // Front matter and title as the real pages write them, for the new name.
  std::string page = with_name(tmpl, "bpf_new");
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
    std::string page = with_name(read_file(kSrc + "/data/page-templates/" + c.tmpl), "NEW_NAME");
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
        with_name(read_file(kSrc + "/data/page-templates/map-type.md"), "BPF_MAP_TYPE_NEW"));
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

TEST_CASE("missing pages: page_from_template replaces every {{name}}, and only that") {
  CHECK(page_from_template("# `{{name}}`\n{{name}}{{name}} {{nam}} {name} {{NAME}}\n", "bpf_x") ==
        "# `bpf_x`\nbpf_xbpf_x {{nam}} {name} {{NAME}}\n");
  CHECK(page_from_template("a {{name}} b", "{{name}}") == "a {{name}} b");  // not expanded twice
  CHECK(page_from_template("no key\n", "x") == "no key\n");
}

// A docs folder that cannot be read must not pass for one without pages:
// the build would create pages the site has, or miss gone ones. Root is
// not stopped by permissions, so the errors are ones root gets too.
TEST_CASE("missing pages: a folder that is not there has no pages, one that cannot be read is an error naming it") {
  TempDir tmp;
  const std::string data = kSrc + "/data", root = tmp.file("docs");
  std::filesystem::create_directories(root);
  auto map_pages = [&](const std::string& at, const std::vector<std::string>& names) {
    return missing_subject_pages(at, "linux/map-type/", "map-type.md", names, data, "v1.0", "map type");
  };
  const std::string fix = " (--root must be the site's docs/ folder, with its linux/ folders and pages readable)";
  // No linux/map-type/ at all: every subject lacks its page, none is gone.
  MissingPages none = map_pages(root, {"BPF_MAP_TYPE_HASH"});
  CHECK(none.names == std::set<std::string>{"BPF_MAP_TYPE_HASH"});
  CHECK(none.notes.empty());
  CHECK(none.rewritten.empty());

  // linux is a file (ENOTDIR): neither a page nor the folder can be looked at.
  write_file(root + "/linux", "not a folder\n");
  CHECK_THROWS_WITH_AS(
      map_pages(root, {"BPF_MAP_TYPE_HASH"}),
      (root + "/linux/map-type/BPF_MAP_TYPE_HASH.md: cannot tell whether the page is there: Not a directory" + fix)
          .c_str(),
      Error);
  CHECK_THROWS_WITH_AS(map_pages(root, {}),
                       (root + "/linux/map-type/: cannot read the folder: Not a directory (--root must be the site's "
                               "docs/ folder, with its linux/ folders readable)")
                           .c_str(),
                       Error);
  write_file(tmp.file("k.yaml"), "sets:\n  s:\n    funcs:\n      - name: bpf_x\n");
  KfuncData kfuncs = parse_kfuncs_file(tmp.file("k.yaml"));
  CHECK_THROWS_WITH_AS(
      missing_kfunc_pages(root, kfuncs, data, "v1.0"),
      (root + "/linux/kfuncs/bpf_x.md: cannot tell whether the page is there: Not a directory" + fix).c_str(), Error);

  // A page that is a symlink loop (ELOOP): neither there nor missing.
  const std::string loop_root = tmp.file("loop");
  std::filesystem::create_directories(loop_root + "/linux/map-type");
  std::filesystem::create_symlink("BPF_MAP_TYPE_HASH.md", loop_root + "/linux/map-type/BPF_MAP_TYPE_HASH.md");
  const std::string loop = loop_root + "/linux/map-type/BPF_MAP_TYPE_HASH.md: cannot tell whether the page is there: "
                                       "Too many levels of symbolic links" + fix;
  CHECK_THROWS_WITH_AS(map_pages(loop_root, {"BPF_MAP_TYPE_HASH"}), loop.c_str(), Error);
  CHECK_THROWS_WITH_AS(map_pages(loop_root, {}), loop.c_str(), Error);  // as a page that may be gone

  // A name longer than the file system allows (ENAMETOOLONG).
  const std::string long_name = "BPF_MAP_TYPE_" + std::string(300, 'X');
  std::filesystem::create_directories(tmp.file("fresh/linux/map-type"));
  CHECK_THROWS_WITH_AS(map_pages(tmp.file("fresh"), {long_name}),
                       (tmp.file("fresh") + "/linux/map-type/" + long_name +
                        ".md: cannot tell whether the page is there: File name too long" + fix)
                           .c_str(),
                       Error);
}

namespace {

// include/uapi/linux/bpf.h with these enum members and helpers, as the
// kernel writes it: the helper list as v6.2+ does (FN(name, id, ##ctx)), or,
// without `ids`, as before (FN(name), positions) with an enum whose
// __BPF_ENUM_FN is spelt BPF_FUNC_##x: not the form that makes positions ids,
// so the index knows no helper's id.
std::string uapi_header(const std::vector<std::string>& maps, const std::vector<std::string>& progs,
                        const std::vector<std::string>& helpers, bool ids) {
  std::string t = "#ifndef _UAPI__LINUX_BPF_H__\n#define _UAPI__LINUX_BPF_H__\n\nenum bpf_map_type {\n";
  for (const std::string& m : maps) t += "\t" + m + ",\n";
  t += "\t__MAX_BPF_MAP_TYPE\n};\n\nenum bpf_prog_type {\n";
  for (const std::string& p : progs) t += "\t" + p + ",\n";
  t += "\t__MAX_BPF_PROG_TYPE\n};\n\n";
  if (ids) {
    t += "#define ___BPF_FUNC_MAPPER(FN, ctx...)\t\t\\\n\tFN(unspec, 0, ##ctx)\t\t\t\\\n";
    for (size_t i = 0; i < helpers.size(); i++)
      t += "\tFN(" + helpers[i] + ", " + std::to_string(i + 1) + ", ##ctx)\t\t\\\n";
    t += "\t/* */\n\n#define __BPF_FUNC_MAPPER_APPLY(name, value, FN) FN(name),\n"
         "#define __BPF_FUNC_MAPPER(FN) ___BPF_FUNC_MAPPER(__BPF_FUNC_MAPPER_APPLY, FN)\n\n"
         "#define __BPF_ENUM_FN(x, y) BPF_FUNC_ ## x = y,\nenum bpf_func_id {\n"
         "\t___BPF_FUNC_MAPPER(__BPF_ENUM_FN)\n\t__BPF_FUNC_MAX_ID,\n};\n#undef __BPF_ENUM_FN\n";
  } else {
    t += "#define __BPF_FUNC_MAPPER(FN)\t\t\\\n\tFN(unspec),\t\t\t\\\n";
    for (const std::string& h : helpers) t += "\tFN(" + h + "),\t\t\\\n";
    t += "\t/* */\n\n#define __BPF_ENUM_FN(x) BPF_FUNC_##x\nenum bpf_func_id {\n"
         "\t__BPF_FUNC_MAPPER(__BPF_ENUM_FN)\n\t__BPF_FUNC_MAX_ID,\n};\n#undef __BPF_ENUM_FN\n";
  }
  return t + "\n#endif /* _UAPI__LINUX_BPF_H__ */\n";
}

CommandResult run_ksince(const std::string& args, const std::string& db) {
  return run(shell_quote(KSINCE_BIN) + " " + args + " --db " + shell_quote(db));
}

void index_repo(const GitRepo& repo, const TempDir& tmp) {
  write_file(tmp.file("p.yaml"), simple_patterns({"BPF_MAP_TYPE_HASH"}));
  CommandResult r = run_ksince("index --quiet --repo " + shell_quote(repo.path()) + " --patterns " +
                               shell_quote(tmp.file("p.yaml")),
                           tmp.file("k.db"));
  INFO(r.err);
  REQUIRE(r.status == 0);
}

// A SUMMARY.md nav line.
std::string nav(const std::string& name, const std::string& indent = "  ") {
  return indent + "- [`" + name + "`](" + name + ".md)\n";
}

}  // namespace

// The whole of --create-missing for the three kinds the uapi header
// defines, through the binary: each subject without a page gets the
// template's page with its own FEATURE_TAG, placed in SUMMARY.md in the
// kernel's order (the enums' and the helper list's, not the names'), never
// one for *_UNSPEC or a deprecated alias; a page whose subject is gone is
// said and kept; a second run changes nothing.
TEST_CASE("missing pages: docs build --create-missing on a real uapi header, in the kernel's order") {
  GitRepo repo;
  std::vector<std::string> maps = {"BPF_MAP_TYPE_UNSPEC", "BPF_MAP_TYPE_HASH", "BPF_MAP_TYPE_ARRAY",
                                   "BPF_MAP_TYPE_PROG_ARRAY", "BPF_MAP_TYPE_PERF_EVENT_ARRAY",
                                   "BPF_MAP_TYPE_CGROUP_STORAGE_DEPRECATED",
                                   "BPF_MAP_TYPE_CGROUP_STORAGE = BPF_MAP_TYPE_CGROUP_STORAGE_DEPRECATED",
                                   "BPF_MAP_TYPE_QUEUE"};
  std::vector<std::string> progs = {"BPF_PROG_TYPE_UNSPEC", "BPF_PROG_TYPE_SOCKET_FILTER", "BPF_PROG_TYPE_KPROBE",
                                    "BPF_PROG_TYPE_SCHED_CLS", "BPF_PROG_TYPE_XDP"};
  std::vector<std::string> helpers = {"map_lookup_elem", "map_update_elem", "probe_read", "ktime_get_ns",
                                      "trace_printk"};
  const std::string header = "include/uapi/linux/bpf.h";
  repo.write(header, uapi_header(maps, progs, helpers, true));
  repo.commit("v1.0", 1600000000);
  repo.tag("v1.0", "HEAD", true, 1600000100);
  maps.push_back("BPF_MAP_TYPE_BLOOM_FILTER");  // one commit: a map type
  repo.write(header, uapi_header(maps, progs, helpers, true));
  repo.commit("bpf: bloom filter map", 1600000200);
  progs.push_back("BPF_PROG_TYPE_LSM");  // the next: a program type and a helper
  helpers.push_back("get_prandom_u32");
  repo.write(header, uapi_header(maps, progs, helpers, true));
  repo.commit("bpf: lsm programs, bpf_get_prandom_u32", 1600000300);
  repo.write("Makefile", "VERSION = 1\nPATCHLEVEL = 1\n");
  repo.commit("Linux 1.1", 1600000400);
  repo.tag("v1.1", "HEAD", true, 1600000500);
  TempDir tmp;
  index_repo(repo, tmp);

  const std::string root = tmp.file("docs"), map_dir = root + "/linux/map-type/",
                    prog_dir = root + "/linux/program-type/", helper_dir = root + "/linux/helper-function/";
  std::filesystem::create_directories(map_dir);
  std::filesystem::create_directories(prog_dir);
  std::filesystem::create_directories(helper_dir);
  for (const char* m : {"BPF_MAP_TYPE_HASH", "BPF_MAP_TYPE_ARRAY", "BPF_MAP_TYPE_PROG_ARRAY",
                        "BPF_MAP_TYPE_CGROUP_STORAGE", "BPF_MAP_TYPE_GONE"})
    write_file(map_dir + m + ".md", std::string("# Map type `") + m + "`\n");
  for (const char* p : {"BPF_PROG_TYPE_SOCKET_FILTER", "BPF_PROG_TYPE_XDP"})
    write_file(prog_dir + p + ".md", std::string("# Program type `") + p + "`\n");
  for (const char* h : {"bpf_map_lookup_elem", "bpf_trace_printk"})
    write_file(helper_dir + h + ".md", std::string("# Helper function `") + h + "`\n");
  write_file(map_dir + "SUMMARY.md", nav("index.md", "") + "- Generic map types\n" + nav("BPF_MAP_TYPE_HASH") +
                                         nav("BPF_MAP_TYPE_ARRAY") + "- Special map types\n" +
                                         nav("BPF_MAP_TYPE_PROG_ARRAY") + nav("BPF_MAP_TYPE_CGROUP_STORAGE"));
  write_file(prog_dir + "SUMMARY.md", nav("index.md", "") + "- Network program types\n" +
                                          nav("BPF_PROG_TYPE_SOCKET_FILTER") + nav("BPF_PROG_TYPE_XDP"));
  write_file(helper_dir + "SUMMARY.md",
             "- Map helpers\n" + nav("bpf_map_lookup_elem") + "- Tracing helpers\n" + nav("bpf_trace_printk"));

  const std::string build = "docs build --quiet --from derived --create-missing --root " + shell_quote(root);
  CommandResult r = run_ksince(build, tmp.file("k.db"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  const std::vector<std::string> created = {
      helper_dir + "bpf_get_prandom_u32.md", helper_dir + "bpf_ktime_get_ns.md",
      helper_dir + "bpf_map_update_elem.md", helper_dir + "bpf_probe_read.md",
      map_dir + "BPF_MAP_TYPE_BLOOM_FILTER.md", map_dir + "BPF_MAP_TYPE_PERF_EVENT_ARRAY.md",
      map_dir + "BPF_MAP_TYPE_QUEUE.md", prog_dir + "BPF_PROG_TYPE_KPROBE.md",
      prog_dir + "BPF_PROG_TYPE_LSM.md", prog_dir + "BPF_PROG_TYPE_SCHED_CLS.md"};
  std::string said;
  for (const std::string& c : created) said += "created " + c + "\n";
  CHECK(r.out == said);
  // Every file of each folder: the site's, SUMMARY.md, the created ones;
  // none for *_UNSPEC or BPF_MAP_TYPE_CGROUP_STORAGE_DEPRECATED.
  std::set<std::string> files;
  for (const std::string& dir : {map_dir, prog_dir, helper_dir})
    for (const auto& e : std::filesystem::directory_iterator(dir)) files.insert(e.path().string());
  std::set<std::string> want(created.begin(), created.end());
  for (const std::string& dir : {map_dir, prog_dir, helper_dir}) want.insert(dir + "SUMMARY.md");
  for (const char* m : {"HASH", "ARRAY", "PROG_ARRAY", "CGROUP_STORAGE", "GONE"})
    want.insert(map_dir + "BPF_MAP_TYPE_" + m + ".md");
  want.insert({prog_dir + "BPF_PROG_TYPE_SOCKET_FILTER.md", prog_dir + "BPF_PROG_TYPE_XDP.md",
               helper_dir + "bpf_map_lookup_elem.md", helper_dir + "bpf_trace_printk.md"});
  CHECK(files == want);
  // The gone map type: said, and its page kept as it was.
  CHECK(r.err.find(map_dir + "BPF_MAP_TYPE_GONE.md: warning: the source has no map type 'BPF_MAP_TYPE_GONE' at "
                             "v1.1; the page is kept\n") != std::string::npos);
  CHECK(read_file(map_dir + "BPF_MAP_TYPE_GONE.md") == "# Map type `BPF_MAP_TYPE_GONE`\n");

  // The navigation, in the kernel's order within the groups the site made.
  CHECK(read_file(map_dir + "SUMMARY.md") ==
        nav("index.md", "") + "- Generic map types\n" + nav("BPF_MAP_TYPE_HASH") + nav("BPF_MAP_TYPE_ARRAY") +
            "- Special map types\n" + nav("BPF_MAP_TYPE_PROG_ARRAY") + nav("BPF_MAP_TYPE_PERF_EVENT_ARRAY") +
            nav("BPF_MAP_TYPE_CGROUP_STORAGE") + nav("BPF_MAP_TYPE_QUEUE") + nav("BPF_MAP_TYPE_BLOOM_FILTER"));
  CHECK(read_file(prog_dir + "SUMMARY.md") ==
        nav("index.md", "") + "- Network program types\n" + nav("BPF_PROG_TYPE_SOCKET_FILTER") +
            nav("BPF_PROG_TYPE_KPROBE") + nav("BPF_PROG_TYPE_SCHED_CLS") + nav("BPF_PROG_TYPE_XDP") +
            nav("BPF_PROG_TYPE_LSM"));
  CHECK(read_file(helper_dir + "SUMMARY.md") ==
        "- Map helpers\n" + nav("bpf_map_lookup_elem") + nav("bpf_map_update_elem") + nav("bpf_probe_read") +
            nav("bpf_ktime_get_ns") + "- Tracing helpers\n" + nav("bpf_trace_printk") + nav("bpf_get_prandom_u32"));

  // Each page: its kind's template for the name, FEATURE_TAG filled from the
  // subject's own history as git tells it: at v1.0 already (no commit to
  // name), or the one commit between the tags that brought the name.
  auto tag_body = [&](const std::string& name) -> std::string {
    // The header's spelling: the enum member, or the FN list's entry.
    std::string text = name.starts_with("bpf_") ? "FN(" + name.substr(4) + "," : name;
    std::string c = repo.git("log --format=%H -S" + shell_quote(text) + " v1.0..v1.1 -- " + header);
    if (c.empty()) return ":octicons-tag-24: v1.0\n";
    REQUIRE(c.size() == 41);  // one commit
    CHECK(repo.git_status("grep -q -F " + shell_quote(text) + " " + c.substr(0, 40) + " -- " + header) == 0);
    CHECK(repo.git_status("grep -q -F " + shell_quote(text) + " " + c.substr(0, 40) + "^ -- " + header) == 1);
    return "[:octicons-tag-24: v1.1](https://github.com/torvalds/linux/commit/" + c.substr(0, 40) + ")\n";
  };
  for (const std::string& page : created) {
    CAPTURE(page);
    std::string name = std::filesystem::path(page).stem().string();
    std::string kind = page.starts_with(map_dir)    ? "map-type.md"
                       : page.starts_with(prog_dir) ? "program-type.md"
                                                    : "helper-function.md";
    std::string want_page = with_name(read_file(kSrc + "/data/page-templates/" + kind), name);
    const std::string empty_tag = "<!-- [FEATURE_TAG](" + name + ") -->\n<!-- [/FEATURE_TAG] -->";
    size_t at = want_page.find(empty_tag);
    REQUIRE(at != std::string::npos);
    want_page.insert(at + empty_tag.find("<!-- [/"), tag_body(name));
    // kfunc-gen's words on a program type without kfuncs (the source has none).
    const std::string kfuncs = "<!-- [PROG_KFUNC_REF] -->\n";
    if (size_t k = want_page.find(kfuncs); k != std::string::npos)
      want_page.insert(k + kfuncs.size(), "There are currently no kfuncs supported for this program type\n");
    CHECK(read_file(page) == want_page);
  }

  // A second run has nothing left to do.
  CommandResult again = run_ksince(build + " --check", tmp.file("k.db"));
  CHECK(again.status == 0);
  CHECK(again.out == "");
}

// The helper list before v6.2 names no id when the file does not say its
// positions are ids; the index then stores none (null). --report and
// --create-missing must still work, in the list's own order.
TEST_CASE("missing pages: helpers without ids (an FN(name) list) are taken in the list's order, not an error") {
  GitRepo repo;
  repo.write("include/uapi/linux/bpf.h",
             uapi_header({"BPF_MAP_TYPE_UNSPEC", "BPF_MAP_TYPE_HASH"}, {"BPF_PROG_TYPE_UNSPEC", "BPF_PROG_TYPE_XDP"},
                         {"map_lookup_elem", "probe_read", "ktime_get_ns", "trace_printk", "get_prandom_u32"}, false));
  repo.commit("v4.9", 1500000000);
  repo.tag("v4.9", "HEAD", true, 1500000100);
  TempDir tmp;
  index_repo(repo, tmp);
  const std::string root = tmp.file("docs"), helper_dir = root + "/linux/helper-function/";
  write_file(root + "/linux/map-type/BPF_MAP_TYPE_HASH.md", "# HASH\n");
  write_file(root + "/linux/program-type/BPF_PROG_TYPE_XDP.md", "# XDP\n");
  for (const char* h : {"bpf_map_lookup_elem", "bpf_trace_printk", "bpf_gone"})
    write_file(helper_dir + h + ".md", std::string("# `") + h + "`\n");
  write_file(helper_dir + "SUMMARY.md", nav("bpf_map_lookup_elem", "") + nav("bpf_trace_printk", ""));

  // --report names the gone page, and compares nothing else (no imported data).
  CommandResult report = run_ksince("docs build --quiet --check --from derived --root " + shell_quote(root) +
                                    " --report " + shell_quote(tmp.file("r.md")),
                                tmp.file("k.db"));
  INFO(report.err);
  REQUIRE(report.status == 0);
  CHECK(report.out == "");
  CHECK(read_file(tmp.file("r.md")) ==
        derived_report_head("v4.9") +
            "0 pages change: 0 pairs added, 0 removed, 0 with their since moved, 0 kfuncs with their flags changed.\n"
        "\nNot compared: the helper lists (the index lacks the imported helpers-functions.yaml or derived helper "
        "facts).\n"
        "\nNot compared: the kfunc lists (the index lacks the imported kfuncs.yaml or derived kfunc facts).\n"
        "\n## Pages whose subject the source no longer has at v4.9\n\nKept by the build, never deleted:\n\n- " +
            helper_dir + "bpf_gone.md: the source has no helper 'bpf_gone' at v4.9; the page is kept\n");

  CommandResult r = run_ksince("docs build --quiet --from derived --create-missing --root " + shell_quote(root),
                           tmp.file("k.db"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out == "created " + helper_dir + "bpf_get_prandom_u32.md\ncreated " + helper_dir +
                     "bpf_ktime_get_ns.md\ncreated " + helper_dir + "bpf_probe_read.md\n");
  // The list's order: map_lookup_elem probe_read ktime_get_ns trace_printk
  // get_prandom_u32 (by name, ktime_get_ns would come first).
  CHECK(read_file(helper_dir + "SUMMARY.md") == nav("bpf_map_lookup_elem", "") + nav("bpf_probe_read", "") +
                                                    nav("bpf_ktime_get_ns", "") + nav("bpf_trace_printk", "") +
                                                    nav("bpf_get_prandom_u32", ""));
}
