#include "docs/manpage_markdown.h"

#include <string_view>

#include "util/error.h"

namespace ksince {

namespace {

// The one description whose text RST renders as a bold two-line call; the
// reference replaces it with a C code block, and panics when the second
// line is not the expected one.
constexpr std::string_view kSockOpsFirst = "**bpf_sock_ops_cb_flags_set(bpf_sock,**";
constexpr std::string_view kSockOpsSecond = "**bpf_sock->bpf_sock_ops_cb_flags & ~BPF_SOCK_OPS_RTO_CB_FLAG)**";
constexpr std::string_view kSockOpsCode =
    "```c\nbpf_sock_ops_cb_flags_set(bpf_sock, bpf_sock->bpf_sock_ops_cb_flags & ~BPF_SOCK_OPS_RTO_CB_FLAG);\n```";

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string_view trim_indent(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == '\t' || line[i] == ' ')) i++;
  return line.substr(i);
}

// TABs and spaces count the same, as in the reference.
size_t indent_of(std::string_view line) { return line.size() - trim_indent(line).size(); }

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  std::string out;
  size_t pos = 0;
  for (size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) {
    out.append(s, pos, hit - pos);
    out.append(to);
  }
  if (pos == 0) return;
  out.append(s, pos, std::string::npos);
  s = std::move(out);
}

// The inline patterns are matched by hand: each is deterministic (greedy runs
// that cannot give anything back), so scanning for the leftmost match and
// resuming after it is exactly what the reference's RE2 ReplaceAll does.

// `\*\*[^*\n]+\*\*` at i: the end of the match, or 0.
size_t match_bold(std::string_view s, size_t i) {
  if (i + 1 >= s.size() || s[i] != '*' || s[i + 1] != '*') return 0;
  size_t j = i + 2;
  while (j < s.size() && s[j] != '*' && s[j] != '\n') j++;
  if (j == i + 2 || j + 1 >= s.size() || s[j] != '*' || s[j + 1] != '*') return 0;
  return j + 2;
}

bool go_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

bool italic_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '>' || c == '/' || c == '-';
}

// `\*([A-Za-z0-9_.>/\-]+(?: [A-Za-z0-9_.>/\-]+)*)\*` at i: the end, or 0.
size_t match_italic(std::string_view s, size_t i) {
  if (s[i] != '*') return 0;
  size_t j = i + 1;
  while (j < s.size() && italic_char(s[j])) j++;
  if (j == i + 1) return 0;
  while (j + 1 < s.size() && s[j] == ' ' && italic_char(s[j + 1])) {
    j++;
    while (j < s.size() && italic_char(s[j])) j++;
  }
  if (j >= s.size() || s[j] != '*') return 0;
  return j + 1;
}

// Calls `replace(match_begin, match_end)` for each leftmost, non-overlapping
// match of `match` and returns the text with the replacements.
template <typename Match, typename Replace>
std::string replace_matches(std::string_view s, Match match, Replace replace) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t end = match(s, i);
    if (end == 0) {
      out.push_back(s[i++]);
      continue;
    }
    out += replace(s.substr(i, end - i));
    i = end;
  }
  return out;
}

class BlockParser {
 public:
  BlockParser(const std::vector<std::string>& lines, const SourceSpan& where) : lines_(lines), where_(where) {}

  std::vector<MarkdownBlock> run() {
    // The order counts: it is the reference's.
    while (cursor_ < lines_.size()) {
      const std::string& line = lines_[cursor_];
      if (line.empty())
        cursor_++;
      else if (trim_indent(line) == kSockOpsFirst)
        sock_ops_exception();
      else if (starts_with(line, "\t::"))
        code_block();
      else if (is_pseudo_list_item())
        until_less_indented(cat("* ", trim_indent(line), ":"), false);
      else if (is_list_item(line))
        until_less_indented(std::string(trim_indent(line)), true);
      else if (line[0] == '\t')
        paragraph();
      else {
        // Without a TAB the only known case is a section title ("Returns").
        size_t i = line.find_first_not_of(' ');
        blocks_.push_back({"### " + (i == std::string::npos ? std::string() : line.substr(i)), false});
        cursor_++;
      }
    }
    return std::move(blocks_);
  }

 private:
  std::string location(size_t k) const {
    if (where_.file.empty()) return cat("line ", k + 1, " of the description");
    return cat(where_.file, ":", where_.first_line + k);
  }

  void sock_ops_exception() {
    if (cursor_ + 1 >= lines_.size() || trim_indent(lines_[cursor_ + 1]) != kSockOpsSecond)
      throw Error(cat(location(cursor_), ": the special case for bpf_sock_ops_cb_flags_set expects the line '",
                      kSockOpsSecond, "' after '", kSockOpsFirst,
                      "'; the header's text changed: update the special case (manpage_markdown.cc)"));
    blocks_.push_back({std::string(kSockOpsCode), false});
    cursor_ += 2;
  }

  // "\t::", one line skipped whatever it holds, then every line that is
  // empty or starts with two TABs, those TABs removed.
  void code_block() {
    std::string text = "```\n";
    size_t i = cursor_ + 2;
    for (; i < lines_.size(); i++) {
      const std::string& l = lines_[i];
      if (!l.empty() && !starts_with(l, "\t\t")) break;
      text += starts_with(l, "\t\t") ? l.substr(2) : l;
      text += '\n';
    }
    cursor_ = i;
    // Drops the last newline (the blank line that ends the block); when the
    // block ends without one, the fence lands on the code's last line.
    text.pop_back();
    blocks_.push_back({text + "```", false});
  }

  bool is_pseudo_list_item() const {
    const std::string& line = lines_[cursor_];
    return starts_with(line, "\t**") && cursor_ + 1 < lines_.size() &&
           indent_of(lines_[cursor_ + 1]) > indent_of(line);
  }

  static bool is_list_item(std::string_view line) {  // ^\t[ \t]*\*[ \t]+
    if (line.empty() || line[0] != '\t') return false;
    size_t i = 1;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) i++;
    return i + 1 < line.size() && line[i] == '*' && (line[i + 1] == ' ' || line[i + 1] == '\t');
  }

  // Joins trimmed lines with spaces, skipping blank lines, from the cursor
  // until `stop` says so.
  template <typename Stop>
  std::string join_until(std::string text, Stop stop) {
    size_t i = cursor_;
    for (; i < lines_.size(); i++) {
      const std::string& l = lines_[i];
      if (stop(l)) break;
      if (l.empty()) continue;
      if (!text.empty()) text += ' ';
      text += trim_indent(l);
    }
    cursor_ = i;
    return clean_inline_markdown(text);
  }

  // A list or pseudo-list item: its first line, then the more indented lines
  // after it, blank lines included.
  void until_less_indented(std::string first, bool is_list) {
    size_t indent = indent_of(lines_[cursor_]);
    cursor_++;
    std::string text = join_until(std::move(first), [&](const std::string& l) {
      return !l.empty() && indent_of(l) <= indent;
    });
    blocks_.push_back({std::move(text), is_list});
  }

  void paragraph() {
    size_t indent = indent_of(lines_[cursor_]);
    std::string text = join_until("", [&](const std::string& l) { return l.empty() || indent_of(l) != indent; });
    blocks_.push_back({std::move(text), false});
  }

  const std::vector<std::string>& lines_;
  const SourceSpan& where_;
  size_t cursor_ = 0;
  std::vector<MarkdownBlock> blocks_;
};

}  // namespace

std::string clean_inline_markdown(const std::string& input) {
  std::string text = input;
  replace_all(text, "\\ ", "");
  // `\*\*([^*\n]+)\*\*\s+\(\)` -> `**$1**()`
  text = replace_matches(
      text,
      [](std::string_view s, size_t i) -> size_t {
        size_t j = match_bold(s, i);
        if (j == 0) return 0;
        size_t k = j;
        while (k < s.size() && go_space(s[k])) k++;
        if (k == j || k + 1 >= s.size() || s[k] != '(' || s[k + 1] != ')') return 0;
        return k + 2;
      },
      [](std::string_view m) {
        size_t close = m.find("**", 2);
        return cat(m.substr(0, close + 2), "()");
      });
  // Bold spans are set aside so that their stars are not read as italics.
  std::vector<std::string> bold;
  text = replace_matches(text, match_bold, [&](std::string_view m) {
    bold.emplace_back(m);
    return cat("__BOLD_BLOCK_", bold.size() - 1, "__");
  });
  text = replace_matches(text, match_italic,
                         [](std::string_view m) { return cat("_", m.substr(1, m.size() - 2), "_"); });
  for (size_t i = 0; i < bold.size(); i++) replace_all(text, cat("__BOLD_BLOCK_", i, "__"), bold[i]);
  replace_all(text, "_ **->", "_**->");
  return text;
}

std::vector<MarkdownBlock> manpage_blocks(const std::vector<std::string>& lines, const SourceSpan& where) {
  return BlockParser(lines, where).run();
}

std::string join_markdown_blocks(const std::vector<MarkdownBlock>& blocks) {
  std::string out;
  for (size_t i = 0; i < blocks.size(); i++) {
    if (i > 0) out += blocks[i - 1].is_list && blocks[i].is_list ? "\n" : "\n\n";
    out += blocks[i].text;
  }
  out += '\n';
  return out;
}

std::string manpage_to_markdown(const std::string& description, const SourceSpan& where) {
  std::vector<std::string> lines;
  size_t pos = 0;
  for (;;) {
    size_t nl = description.find('\n', pos);
    lines.push_back(description.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  if (lines.size() < 2)
    throw Error(cat(where.file.empty() ? std::string("description") : cat(where.file, ":", where.first_line),
                    ": a helper's description needs its name line and a blank line first (the header's "
                    "comment before the definition is missing or cut)"));
  // The name and the blank line after it are not part of the text; lines
  // lose one leading space so that only TABs indent.
  lines.erase(lines.begin(), lines.begin() + 2);
  for (std::string& l : lines)
    if (!l.empty() && l[0] == ' ') l.erase(0, 1);
  SourceSpan text_where = where;
  if (!where.file.empty()) text_where.first_line += 2;
  return join_markdown_blocks(manpage_blocks(lines, text_where));
}

}  // namespace ksince
