#pragma once
#include <string>
#include <vector>

namespace ksince {

// The converter of helper-def-scraper (GENERATORS.md section 3): from the
// manpage-like text of a helper's comment in bpf_helper_defs.h (RST
// conventions, TAB indents) to the Markdown of the docs site. It reproduces
// the reference byte for byte, quirks included; docs/docs-site.md lists them.

struct MarkdownBlock {
  std::string text;
  bool is_list = false;  // a "* " item; two in a row are joined by one "\n"
};

// Where the converted lines come from, for errors: line k (0-based) of the
// block parser's input is line first_line + k of file. Empty file: unknown.
struct SourceSpan {
  std::string file;
  size_t first_line = 0;
};

// The block parser on lines that are already stripped of the comment prefix
// and of one leading space (so only TABs indent). Rules in order: blank line,
// the bpf_sock_ops_cb_flags_set exception, "\t::" code block, pseudo-list
// item, list item, paragraph, heading.
std::vector<MarkdownBlock> manpage_blocks(const std::vector<std::string>& lines, const SourceSpan& where = {});

// Blocks joined by "\n\n" (one "\n" between two list items), plus "\n".
std::string join_markdown_blocks(const std::vector<MarkdownBlock>& blocks);

// The inline clean-up of paragraphs and list items: "\ " removed,
// "**f** ()" -> "**f**()", "*word*" -> "_word_" outside bold, "_ **->" -> "_**->".
std::string clean_inline_markdown(const std::string& text);

// A helper's whole description as the reference accumulates it (each comment
// line without " *", followed by "\n"; the first line is the helper's name,
// the second blank, both dropped) to Markdown. `where` locates the
// description's first line.
std::string manpage_to_markdown(const std::string& description, const SourceSpan& where = {});

}  // namespace ksince
