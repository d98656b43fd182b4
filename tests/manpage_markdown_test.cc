// The manpage-to-Markdown converter of helper-def-scraper, one rule per case
// (GENERATORS.md section 3). The expected texts are the reference's output,
// worked out from its rules; the real pages are checked in helper_defs_test.cc.
#include <doctest/doctest.h>

#include "util/error.h"
#include "docs/manpage_markdown.h"

using namespace ksince;

namespace {

std::vector<std::string> texts(const std::vector<MarkdownBlock>& blocks) {
  std::vector<std::string> out;
  for (const auto& b : blocks) out.push_back(b.text);
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("manpage markdown: a paragraph joins lines of one indent, up to a blank line or an indent change") {
  auto blocks = manpage_blocks({"\tfirst line", "\tsecond line", "", "\tnext", "\t\tdeeper", "\tback"});
  CHECK(texts(blocks) == Lines{"first line second line", "next", "deeper", "back"});
  CHECK_FALSE(blocks[0].is_list);
}

TEST_CASE("manpage markdown: a line without a TAB is a heading, leading spaces dropped") {
  CHECK(texts(manpage_blocks({"Returns", "\t0 on success.", "  Odd"})) ==
        Lines{"### Returns", "0 on success.", "### Odd"});
}

TEST_CASE("manpage markdown: a :: code block keeps deeper TABs and blank lines, its last blank line dropped") {
  auto blocks = manpage_blocks({"\tExample:", "", "\t::", "", "\t\tint ret;", "", "\t\tif (ret < 0)",
                                "\t\t\treturn TC_ACT_SHOT;\t// drop", "", "\tAfter."});
  CHECK(texts(blocks) ==
        Lines{"Example:", "```\nint ret;\n\nif (ret < 0)\n\treturn TC_ACT_SHOT;\t// drop\n```", "After."});
}

TEST_CASE("manpage markdown: the line after :: is skipped whatever it holds, no blank line before the end glues the fence") {
  // The reference skips two lines unconditionally and drops one newline.
  CHECK(texts(manpage_blocks({"\t::", "\t\tlost", "\t\tkept"})) == Lines{"```\nkept```"});
  CHECK(texts(manpage_blocks({"\t::"})) == Lines{"``````"});
}

TEST_CASE("manpage markdown: a pseudo-list item is a bold line with a more indented text") {
  auto blocks = manpage_blocks({"\t**BPF_MTU_CHK_SEGS**", "\t\tfirst line", "", "\t\tsecond line", "", "\tNew block", "",
                                "\t**sizeof**\\ (*tuple*\\ **->ipv4**)", "\t\tLook for an IPv4 socket.",
                                "\t**sizeof**\\ (*tuple*\\ **->ipv6**)", "\t\tLook for an IPv6 socket."});
  CHECK(texts(blocks) == Lines{"* **BPF_MTU_CHK_SEGS**: first line second line", "New block",
                               "* **sizeof**(_tuple_**->ipv4**): Look for an IPv4 socket.",
                               "* **sizeof**(_tuple_**->ipv6**): Look for an IPv6 socket."});
  // Not list items: two of them are separated by a blank line.
  CHECK_FALSE(blocks[2].is_list);
  CHECK(join_markdown_blocks({blocks[2], blocks[3]}) ==
        "* **sizeof**(_tuple_**->ipv4**): Look for an IPv4 socket.\n\n"
        "* **sizeof**(_tuple_**->ipv6**): Look for an IPv6 socket.\n");
}

TEST_CASE("manpage markdown: a bold line not followed by a deeper line is a paragraph") {
  auto blocks = manpage_blocks({"\t**BPF_F_A**", "\t**BPF_F_B**"});
  CHECK(texts(blocks) == Lines{"**BPF_F_A** **BPF_F_B**"});
}

TEST_CASE("manpage markdown: list items keep their marker, join their deeper lines, and sit one line apart") {
  auto blocks = manpage_blocks({"\tTest list format:", "\t\t* element 1. This line should be always in the same",
                                "\t\t  list element", "", "\t\t*\telement 2.", "\t\t*\telement 3.", "", "",
                                "\t\t* element 4.", "\tText after."});
  CHECK(texts(blocks) == Lines{"Test list format:",
                               "* element 1. This line should be always in the same list element",
                               "*\telement 2.", "*\telement 3.", "* element 4.", "Text after."});
  CHECK(blocks[1].is_list);
  CHECK(blocks[4].is_list);
  CHECK(join_markdown_blocks(blocks) ==
        "Test list format:\n\n* element 1. This line should be always in the same list element\n*\telement 2.\n"
        "*\telement 3.\n* element 4.\n\nText after.\n");
}

TEST_CASE("manpage markdown: the bpf_sock_ops_cb_flags_set text becomes a C code block") {
  auto blocks = manpage_blocks({"\tdisable it with", "", "\t**bpf_sock_ops_cb_flags_set(bpf_sock,**",
                                "\t\t**bpf_sock->bpf_sock_ops_cb_flags & ~BPF_SOCK_OPS_RTO_CB_FLAG)**", "",
                                "\tHere are"});
  CHECK(texts(blocks) ==
        Lines{"disable it with",
              "```c\nbpf_sock_ops_cb_flags_set(bpf_sock, bpf_sock->bpf_sock_ops_cb_flags & "
              "~BPF_SOCK_OPS_RTO_CB_FLAG);\n```",
              "Here are"});
}

TEST_CASE("manpage markdown: a changed bpf_sock_ops_cb_flags_set text is an error with file:line, not a panic") {
  Lines lines{"\tdisable it with", "", "\t**bpf_sock_ops_cb_flags_set(bpf_sock,**", "\t\t**bpf_sock->flags)**"};
  CHECK_THROWS_WITH_AS(manpage_blocks(lines, {"bpf_helper_defs.h", 100}),
                       doctest::Contains("bpf_helper_defs.h:102: the special case for bpf_sock_ops_cb_flags_set"),
                       Error);
  CHECK_THROWS_AS(manpage_blocks({"\t**bpf_sock_ops_cb_flags_set(bpf_sock,**"}), Error);
}

TEST_CASE("manpage markdown: inline clean-up") {
  SUBCASE("escaped spaces are removed and calls lose the space before ()") {
    CHECK(clean_inline_markdown("see **bpf_map_lookup_elem**\\ () and **bpf_x** ()") ==
          "see **bpf_map_lookup_elem**() and **bpf_x**()");
  }
  SUBCASE("stars around words become underscores, outside bold") {
    CHECK(clean_inline_markdown("**-EINVAL** if invalid *flags*, *task->mm* or *percpu map* or *a/b.c*") ==
          "**-EINVAL** if invalid _flags_, _task->mm_ or _percpu map_ or _a/b.c_");
    CHECK(clean_inline_markdown("**BPF_F_NO_COMMON_LRU**") == "**BPF_F_NO_COMMON_LRU**");
  }
  SUBCASE("italics before a bold member access are glued to it") {
    CHECK(clean_inline_markdown("(*tuple* **->ipv4**)") == "(_tuple_**->ipv4**)");
  }
  SUBCASE("escaped stars and stars around other characters stay") {
    CHECK(clean_inline_markdown("a \\*b\\* c, *x+y*, * a*") == "a \\*b\\* c, *x+y*, * a*");
  }
}

TEST_CASE("manpage markdown: a description loses its name line and blank line, and one leading space per line") {
  std::string description =
      " bpf_map_lookup_elem\n\n \tPerform a lookup in *map* for an entry associated to *key*.\n\n Returns\n"
      " \tMap value associated to *key*, or **NULL** if no entry was\n \tfound.\n";
  CHECK(manpage_to_markdown(description) ==
        "Perform a lookup in _map_ for an entry associated to _key_.\n\n### Returns\n\n"
        "Map value associated to _key_, or **NULL** if no entry was found.\n");
  CHECK(manpage_to_markdown(" bpf_x\n") == "\n");
  CHECK_THROWS_WITH_AS(manpage_to_markdown("", {"h.h", 7}), doctest::Contains("h.h:7:"), Error);
}
