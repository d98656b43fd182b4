#include "docs/helper_defs.h"

#include <algorithm>
#include <map>
#include <string_view>

#include "util/error.h"
#include "util/trim.h"
#include "docs/manpage_markdown.h"

namespace ksince {

namespace {

// The reference's `static [^\(]+ \*?\(\* const ([^\)]+)\)[^\n]+;`, unanchored,
// on one line: the whole match and the name, or false. Every part is
// deterministic (a run up to the first '(' or ')', a run up to the last ';'),
// so checking each "static " from the left is the regex's leftmost match.
bool match_definition(std::string_view line, std::string_view& whole, std::string_view& name) {
  for (size_t at = line.find("static "); at != std::string_view::npos; at = line.find("static ", at + 1)) {
    size_t paren = line.find('(', at + 7);
    if (paren == std::string_view::npos) return false;  // later "static " have no '(' either
    // [^(]+ then " " or " *" just before the '(', the run not empty.
    size_t run_end = paren;
    if (line[paren - 1] == '*') run_end--;
    if (run_end < at + 7 + 2 || line[run_end - 1] != ' ') continue;
    std::string_view rest = line.substr(paren + 1);
    if (rest.substr(0, 8) != "* const ") continue;
    size_t close = rest.find(')', 8);
    if (close == std::string_view::npos || close == 8) continue;
    size_t semi = rest.rfind(';');
    if (semi == std::string_view::npos || semi < close + 2) continue;
    whole = line.substr(at, paren + 1 + semi + 1 - at);
    name = rest.substr(8, close - 8);
    return true;
  }
  return false;
}

}  // namespace

std::vector<HelperDef> parse_helper_defs(const std::string& header_text, const std::string& header_name) {
  std::map<std::string, HelperDef> by_name;
  HelperDef cur;
  bool in_comment = false;
  size_t line_no = 0;
  size_t pos = 0;
  for (bool more = true; more;) {
    size_t nl = header_text.find('\n', pos);
    more = nl != std::string::npos;
    std::string_view line(header_text.data() + pos, (more ? nl : header_text.size()) - pos);
    pos = nl + 1;
    line_no++;
    std::string_view trimmed = trim_space(line);
    if (trimmed == "/*") {
      cur = HelperDef{};
      cur.description_line = line_no + 1;
      in_comment = true;
      continue;
    }
    if (trimmed == "*/") {
      in_comment = false;
      continue;
    }
    if (in_comment) {
      if (line.substr(0, 2) == " *") line.remove_prefix(2);
      cur.description.append(line);
      cur.description += '\n';
    }
    std::string_view whole, name;
    if (!match_definition(line, whole, name)) continue;
    if (cur.description.empty())
      throw Error(cat(header_name, ":", line_no, ": the definition of ", name,
                      " has no comment before it; the header is not one written by the kernel's "
                      "scripts/bpf_doc.py --header"));
    cur.definition = whole;
    cur.name = name;
    cur.definition_line = line_no;
    by_name[cur.name] = cur;
  }
  if (by_name.empty())
    throw Error(cat(header_name, ": no helper definition found (no line like `static long (* const "
                                 "bpf_name)(...) = (void *) N;`); headers from before the helper pointers "
                                 "became `const` (kernel commit ff2071a7b) are not supported: use a newer "
                                 "libbpf ref"));
  std::vector<HelperDef> out;
  out.reserve(by_name.size());
  for (auto& [name, def] : by_name) out.push_back(std::move(def));
  return out;
}

BlockKind helper_def_kind() {
  return {"HELPER_FUNC_DEF", "<!-- [HELPER_FUNC_DEF] -->\n", "<!-- [/HELPER_FUNC_DEF] -->\n"};
}

std::string render_helper_def_body(const HelperDef& def, const std::string& header_name) {
  return cat(manpage_to_markdown(def.description, {header_name, def.description_line}), "\n`#!c ", def.definition,
             "`\n");
}

std::vector<Block> render_helper_defs(const std::string& header_text, const std::string& header_name) {
  std::vector<Block> out;
  const std::string kind = helper_def_kind().name;
  for (const HelperDef& def : parse_helper_defs(header_text, header_name))
    out.push_back({cat("linux/helper-function/", def.name, ".md"), kind, render_helper_def_body(def, header_name)});
  return out;
}

}  // namespace ksince
