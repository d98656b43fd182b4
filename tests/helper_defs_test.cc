// HELPER_FUNC_DEF: libbpf's real bpf_helper_defs.h at the docs' pinned ref,
// rendered and compared with the site's real committed pages (the oracle is
// what the reference tool wrote there), plus the header parser's rules.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "util/error.h"
#include "git_fixture.h"
#include "docs/helper_defs.h"

using namespace ksince;
using namespace ksince::test;
namespace fs = std::filesystem;

namespace {

const std::string kData = std::string(KSINCE_SOURCE_DIR) + "/tests/data";

// The first pair of a page as the reference finds it: the first start marker,
// and the first stop marker searched from the start of the file.
std::optional<std::string> committed_body(const std::string& page_text, const BlockKind& kind) {
  size_t start = page_text.find(kind.start);
  size_t stop = page_text.find(kind.stop);
  if (start == std::string::npos || stop == std::string::npos) return std::nullopt;
  return page_text.substr(start + kind.start.size(), stop - start - kind.start.size());
}

}  // namespace

TEST_CASE("helper defs: the real header renders every vendored page's block byte for byte") {
  const BlockKind kind = helper_def_kind();
  std::vector<Block> blocks =
      render_helper_defs(read_file(kData + "/libbpf/bpf_helper_defs.h"), "bpf_helper_defs.h");
  std::map<std::string, std::string> by_page;
  for (const Block& b : blocks) {
    CHECK(b.kind == "HELPER_FUNC_DEF");
    by_page[b.page] = b.body;
  }
  const std::string dir = kData + "/ebpf-docs-pages/linux/helper-function";
  size_t compared = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string page = "linux/helper-function/" + entry.path().filename().string();
    CAPTURE(page);
    REQUIRE(by_page.count(page) == 1);
    std::optional<std::string> want = committed_body(read_file(entry.path()), kind);
    if (!want) continue;  // bpf_skb_output.md: a lone end marker, hand-written text
    CHECK(by_page[page] == *want);
    compared++;
  }
  CHECK(compared == 10);
}

TEST_CASE("helper defs: the real header's helpers are exactly its static (* const) lines") {
  const std::string header = read_file(kData + "/libbpf/bpf_helper_defs.h");
  std::vector<HelperDef> defs = parse_helper_defs(header, "bpf_helper_defs.h");
  // Oracle: the header's own lines, picked by grep and cut by sed.
  std::string listed = run("grep -o '(\\* const [a-z0-9_]*)' " + shell_quote(kData + "/libbpf/bpf_helper_defs.h") +
                           " | sed 's/(\\* const //; s/)//' | LC_ALL=C sort -u")
                           .out;
  std::string parsed;
  for (const HelperDef& d : defs) parsed += d.name + "\n";
  CHECK(parsed == listed);
  auto it = std::find_if(defs.begin(), defs.end(), [](const HelperDef& d) { return d.name == "bpf_map_lookup_elem"; });
  REQUIRE(it != defs.end());
  CHECK(it->definition == "static void *(* const bpf_map_lookup_elem)(void *map, const void *key) = (void *) 1;");
  CHECK(it->description ==
        " bpf_map_lookup_elem\n\n \tPerform a lookup in *map* for an entry associated to *key*.\n\n Returns\n"
        " \tMap value associated to *key*, or **NULL** if no entry was\n \tfound.\n");
  // The lines point into the header.
  CHECK(run("sed -n " + std::to_string(it->definition_line) + "p " +
            shell_quote(kData + "/libbpf/bpf_helper_defs.h")).out == it->definition + "\n");
  CHECK(run("sed -n " + std::to_string(it->description_line) + "p " +
            shell_quote(kData + "/libbpf/bpf_helper_defs.h")).out == " * bpf_map_lookup_elem\n");
}

namespace {

std::string helper(const std::string& name, const std::string& text, const std::string& definition) {
  return "/*\n * " + name + "\n *\n * \t" + text + "\n */\n" + definition + "\n\n";
}

}  // namespace

TEST_CASE("helper defs: the definition line, one-line comments and a later definition of the same name") {
  std::string header = "/* This is auto-generated file. See bpf_doc.py for details. */\n\n" +
                       helper("bpf_a", "First *a*.", "static long (* const bpf_a)(void *ctx, __u64 flags) = (void *) 1;") +
                       helper("bpf_b", "Second.", "static struct bpf_sock *(* const bpf_b)(int x) = (void *) 2;") +
                       helper("bpf_a", "Again.", "static int (* const bpf_a)(void) = (void *) 3;") +
                       helper("bpf_c", "Not const.", "static long (*bpf_c)(void) = (void *) 4;");
  std::vector<HelperDef> defs = parse_helper_defs(header, "h.h");
  REQUIRE(defs.size() == 2);
  CHECK(defs[0].name == "bpf_a");
  CHECK(defs[0].definition == "static int (* const bpf_a)(void) = (void *) 3;");
  CHECK(defs[0].description == " bpf_a\n\n \tAgain.\n");
  CHECK(defs[1].definition == "static struct bpf_sock *(* const bpf_b)(int x) = (void *) 2;");
  std::vector<Block> blocks = render_helper_defs(header, "h.h");
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[1].page == "linux/helper-function/bpf_b.md");
  CHECK(blocks[1].body == "Second.\n\n`#!c static struct bpf_sock *(* const bpf_b)(int x) = (void *) 2;`\n");
}

TEST_CASE("helper defs: a header without const helper pointers is an error, not zero pages") {
  std::string old = helper("bpf_a", "Old.", "static long (*bpf_a)(void) = (void *) 1;");
  CHECK_THROWS_WITH_AS(parse_helper_defs(old, "old.h"), doctest::Contains("old.h: no helper definition found"), Error);
  CHECK_THROWS_AS(parse_helper_defs("404: Not Found", "bpf_helper_defs.h"), Error);
}

TEST_CASE("helper defs: a definition without its comment, and a changed special case, fail with file:line") {
  CHECK_THROWS_WITH_AS(parse_helper_defs("\nstatic long (* const bpf_a)(void) = (void *) 1;\n", "h.h"),
                       doctest::Contains("h.h:2: the definition of bpf_a has no comment"), Error);
  std::string header = helper("bpf_s", "Call\n *\n * \t**bpf_sock_ops_cb_flags_set(bpf_sock,**\n * \t\t**other)**",
                              "static long (* const bpf_s)(void) = (void *) 1;");
  // Line 6 of the header holds the special case's first line.
  CHECK_THROWS_WITH_AS(render_helper_defs(header, "h.h"),
                       doctest::Contains("h.h:6: the special case for bpf_sock_ops_cb_flags_set"), Error);
}

TEST_CASE("helper defs: the kind's markers end in a newline") {
  BlockKind k = helper_def_kind();
  CHECK(k.name == "HELPER_FUNC_DEF");
  CHECK(k.start == "<!-- [HELPER_FUNC_DEF] -->\n");
  CHECK(k.stop == "<!-- [/HELPER_FUNC_DEF] -->\n");
}
