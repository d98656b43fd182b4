// LIBBPF_TAG: libbpf's real libbpf.map at the docs' pinned ref, rendered and
// compared with the site's real committed pages, plus the map parser's rules.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "git_fixture.h"
#include "docs/libbpf_map.h"

using namespace ksince;
using namespace ksince::test;
namespace fs = std::filesystem;

namespace {

const std::string kData = std::string(KSINCE_SOURCE_DIR) + "/tests/data";

}  // namespace

TEST_CASE("libbpf map: the real map renders every vendored page's first block byte for byte") {
  const BlockKind kind = libbpf_tag_kind();
  const std::string dir = kData + "/ebpf-docs-pages/ebpf-library/libbpf/userspace";
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path().filename().string());
  std::sort(files.begin(), files.end());
  files.push_back("notes.txt");  // not a page: ignored, as by the reference
  std::vector<BuildNote> notes;
  std::vector<Block> blocks = render_libbpf_tags(read_file(kData + "/libbpf/libbpf.map"), files, notes);
  REQUIRE(blocks.size() == 5);
  for (const Block& b : blocks) {
    CAPTURE(b.page);
    CHECK(b.kind == "LIBBPF_TAG");
    std::string text = read_file(kData + "/ebpf-docs-pages/" + b.page);
    size_t start = text.find(kind.start);
    size_t stop = text.find(kind.stop);
    REQUIRE(start != std::string::npos);
    REQUIRE(stop != std::string::npos);
    CHECK(b.body == text.substr(start + kind.start.size(), stop - start - kind.start.size()));
  }
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].file == "ebpf-library/libbpf/userspace/struct-libbpf_prog_handler_opts.md");
  CHECK(notes[0].message.find("Function struct-libbpf_prog_handler_opts not found in libbpf.map") == 0);
}

TEST_CASE("libbpf map: the real map's symbols are its indented lines ending in a semicolon") {
  const std::string path = kData + "/libbpf/libbpf.map";
  auto symbols = parse_libbpf_map(read_file(path));
  // Oracle: awk over the same file, remembering the block it is in.
  std::string listed =
      run("awk '/^LIBBPF_/ {v=substr($1,8); next} /^}/ {next} /^\\t\\t/ {s=$1; sub(/;$/,\"\",s); print s, v}' " +
          shell_quote(path) + " | LC_ALL=C sort -k1,1 -s | awk '{last[$1]=$2} END {for (s in last) print s, last[s]}' | LC_ALL=C sort")
          .out;
  std::string parsed;
  for (const auto& [name, sym] : symbols) parsed += name + " " + sym.version + "\n";
  CHECK(parsed == listed);
  CHECK(symbols.at("bpf_map__fd").version == "0.0.1");
  CHECK(symbols.at("bpf_map__fd").line == 6);
}

TEST_CASE("libbpf map: blocks, global:/local:, a symbol in two blocks, blank lines") {
  std::string map =
      "LIBBPF_0.0.1 {\n"
      "\tglobal:\n"
      "\t\tbpf_a;\n"
      "\n"                 // the reference would panic here
      "\t\tbpf_b;\n"
      "\tlocal:\n"
      "\t\t*;\n"
      "};\n"
      "outside_block;\n"
      "LIBBPF_1.2.0 {\n"
      "\t\tbpf_b;\r\n"    // re-exported later: the later block wins
      "   \n"
      "} LIBBPF_0.0.1;\n";
  auto symbols = parse_libbpf_map(map);
  CHECK(symbols.size() == 3);
  CHECK(symbols.at("bpf_a").version == "0.0.1");
  CHECK(symbols.at("bpf_a").line == 3);
  CHECK(symbols.at("bpf_b").version == "1.2.0");
  CHECK(symbols.at("bpf_b").line == 11);
  CHECK(symbols.at("*").version == "0.0.1");
  CHECK(symbols.count("outside_block") == 0);
  CHECK(parse_libbpf_map("\tlocal: *;\n").empty());
  CHECK(parse_libbpf_map("LIBBPF_0.0.1 {\n\tlocal: *;\n};\n").at("local: *").version == "0.0.1");
}

TEST_CASE("libbpf map: the body, the kind's markers, and a page that names no symbol") {
  CHECK(render_libbpf_tag_body("1.2.0") ==
        "\n[:octicons-tag-24: 1.2.0](https://github.com/libbpf/libbpf/releases/tag/v1.2.0)\n");
  BlockKind k = libbpf_tag_kind();
  CHECK(k.start == "<!-- [LIBBPF_TAG] -->");
  CHECK(k.stop == "<!-- [/LIBBPF_TAG] -->");
  std::vector<BuildNote> notes;
  auto blocks = render_libbpf_tags("LIBBPF_1.0.0 {\n\t\tbpf_x;\n};\n", {"index.md", "bpf_x.md", "bpf_x"}, notes);
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0].page == "ebpf-library/libbpf/userspace/bpf_x.md");
  CHECK(blocks[0].body == render_libbpf_tag_body("1.0.0"));
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].file == "ebpf-library/libbpf/userspace/index.md");
}
