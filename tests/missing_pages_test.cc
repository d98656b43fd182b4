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

// A page's skeleton: its headings down to ### (their level and whether they
// name the subject) and its generated markers, in order.
std::vector<std::string> skeleton(const std::string& text, const std::string& name) {
  std::vector<std::string> out;
  for (const std::string& line : split_lines(text)) {
    if (line.rfind("#", 0) == 0) {
      size_t level = line.find_first_not_of('#');
      if (level > 3) continue;
      std::string h = line;
      size_t at = h.find("`" + name + "`");
      if (at != std::string::npos) h.replace(at, name.size() + 2, "`NAME`");
      out.push_back(h);
    } else if (line.rfind("<!-- [", 0) == 0) {
      out.push_back(line.substr(0, line.find(']') + 1));
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
