#pragma once
#include <string>
#include <vector>

#include "docs/docs_blocks.h"

namespace ksince {

// The HELPER_FUNC_DEF blocks of the docs site's helper pages, as
// helper-def-scraper writes them (GENERATORS.md sections 3 and 9) from
// libbpf's src/bpf_helper_defs.h.

// One helper as the header documents it. The header is a pure function of
// the kernel's uapi bpf.h (scripts/bpf_doc.py --header), so this is also what
// a reader of bpf.h would produce.
struct HelperDef {
  std::string name;         // "bpf_map_lookup_elem"
  std::string definition;   // "static void *(* const bpf_map_lookup_elem)(...) = (void *) 1;"
  // The comment's lines with their " *" prefix removed, each followed by
  // "\n": the name, a blank line, the description, "Returns" and its text.
  std::string description;
  size_t description_line = 0;  // 1-based line of the description's first line in the header
  size_t definition_line = 0;   // 1-based line of the definition
};

// Every helper of the header, sorted by name; a name defined twice keeps its
// last definition, as the reference's map does. Throws when the header holds
// no helper at all (the reference then silently writes nothing) or when a
// definition has no comment before it (the reference panics).
std::vector<HelperDef> parse_helper_defs(const std::string& header_text, const std::string& header_name);

// <!-- [HELPER_FUNC_DEF] -->\n ... <!-- [/HELPER_FUNC_DEF] -->\n
BlockKind helper_def_kind();

// The description in Markdown, a blank line, and "`#!c DEFINITION`\n".
std::string render_helper_def_body(const HelperDef& def, const std::string& header_name);

// One block per helper of the header, for page linux/helper-function/NAME.md
// (relative to the docs root), sorted by page.
std::vector<Block> render_helper_defs(const std::string& header_text, const std::string& header_name);

}  // namespace ksince
