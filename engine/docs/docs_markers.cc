#include "docs/docs_markers.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <string_view>

#include "util/atomic_file.h"
#include "util/error.h"

namespace ksince {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kOpenPrefix = "<!-- [FEATURE_TAG]";
constexpr std::string_view kOpenForm = "<!-- [FEATURE_TAG](NAME) -->";
constexpr std::string_view kClosePrefix = "<!-- [/FEATURE_TAG]";
constexpr std::string_view kClose = "<!-- [/FEATURE_TAG] -->";
constexpr std::string_view kTag = ":octicons-tag-24: ";
constexpr std::string_view kUnknown = ":octicons-tag-24: unknown";
constexpr std::string_view kCommitUrl = "https://github.com/torvalds/linux/commit/";

struct Range {
  size_t begin, end;  // [begin, end) of the page
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// ---------------------------------------------------------------------------
// Where Markdown shows code. A marker there is an example in the prose, not a
// request for a tag. This follows CommonMark's block rules as far as they
// decide what is code: fenced blocks (also inside list items and block
// quotes), indented blocks (which cannot interrupt a paragraph, and need four
// columns more than the list item they are in), and code spans inside a
// paragraph (which may cross lines, and lose to an inline HTML comment that
// starts first). Not modelled: HTML blocks other than comments (their
// lines are read as Markdown).

struct Line {
  size_t begin, end;  // end excludes the "\n" and a "\r" before it
};

std::vector<Line> split_lines(const std::string& t) {
  std::vector<Line> lines;
  size_t b = 0;
  while (b < t.size()) {
    size_t nl = t.find('\n', b);
    size_t e = nl == std::string::npos ? t.size() : nl;
    size_t content_end = (nl != std::string::npos && e > b && t[e - 1] == '\r') ? e - 1 : e;
    lines.push_back({b, content_end});
    b = nl == std::string::npos ? t.size() : nl + 1;
  }
  return lines;
}

// A line seen through its block-quote prefixes.
struct LineView {
  int quote = 0;     // how many '>' levels
  int indent = 0;    // columns of white space after them (a tab reaches the next multiple of 4)
  size_t first = 0;  // offset of the first character after that white space
  bool blank = true;
};

LineView view_line(const std::string& t, const Line& l) {
  LineView v;
  size_t p = l.begin;
  for (;;) {
    size_t q = p;
    while (q < l.end && q - p < 3 && t[q] == ' ') q++;
    if (q < l.end && t[q] == '>') {
      v.quote++;
      p = q + 1;
      if (p < l.end && t[p] == ' ') p++;
    } else {
      break;
    }
  }
  int col = 0;
  while (p < l.end && (t[p] == ' ' || t[p] == '\t')) {
    col = t[p] == '\t' ? (col / 4 + 1) * 4 : col + 1;
    p++;
  }
  v.indent = col;
  v.first = p;
  v.blank = p == l.end;
  return v;
}

struct FenceMark {
  char ch;
  size_t len;
};

std::optional<FenceMark> fence_opening(const std::string& t, size_t p, size_t end) {
  if (p >= end || (t[p] != '`' && t[p] != '~')) return std::nullopt;
  char ch = t[p];
  size_t q = p;
  while (q < end && t[q] == ch) q++;
  if (q - p < 3) return std::nullopt;
  // A backtick fence's info string cannot hold a backtick (it would be a code span).
  if (ch == '`' && std::string_view(t).substr(q, end - q).find('`') != std::string_view::npos) return std::nullopt;
  return FenceMark{ch, q - p};
}

bool fence_closing(const std::string& t, size_t p, size_t end, const FenceMark& f) {
  size_t q = p;
  while (q < end && t[q] == f.ch) q++;
  if (q - p < f.len) return false;
  while (q < end && (t[q] == ' ' || t[q] == '\t')) q++;
  return q == end;
}

bool thematic_break(const std::string& t, size_t p, size_t end) {
  if (p >= end || (t[p] != '-' && t[p] != '*' && t[p] != '_')) return false;
  char ch = t[p];
  int n = 0;
  for (; p < end; p++) {
    if (t[p] == ch) n++;
    else if (t[p] != ' ' && t[p] != '\t') return false;
  }
  return n >= 3;
}

bool atx_heading(const std::string& t, size_t p, size_t end) {
  size_t q = p;
  while (q < end && t[q] == '#') q++;
  return q > p && q - p <= 6 && (q == end || t[q] == ' ' || t[q] == '\t');
}

bool html_comment_start(const std::string& t, size_t p, size_t end) {
  return end - p >= 4 && t.compare(p, 4, "<!--") == 0;
}

// A list item's marker at p: "-", "+", "*" or 1-9 digits and "." or ")",
// followed by white space or the end of the line.
struct ListMark {
  int content_indent;  // columns (after quotes) where the item's text starts
  size_t rest;         // offset of that text
  bool rest_blank;
};

std::optional<ListMark> list_item(const std::string& t, size_t p, size_t end, int indent) {
  size_t q = p;
  if (q < end && (t[q] == '-' || t[q] == '+' || t[q] == '*')) {
    q++;
  } else {
    while (q < end && q - p < 9 && t[q] >= '0' && t[q] <= '9') q++;
    if (q == p || q >= end || (t[q] != '.' && t[q] != ')')) return std::nullopt;
    q++;
  }
  if (q < end && t[q] != ' ' && t[q] != '\t') return std::nullopt;
  int marker_end = indent + static_cast<int>(q - p);
  int col = marker_end;
  size_t r = q;
  while (r < end && (t[r] == ' ' || t[r] == '\t')) {
    col = t[r] == '\t' ? (col / 4 + 1) * 4 : col + 1;
    r++;
  }
  ListMark m{col, r, r == end};
  // An empty item, or one whose text is itself indented code, starts one column after the marker.
  if (m.rest_blank || col - marker_end >= 5) m.content_indent = marker_end + 1;
  return m;
}

// Code spans of one paragraph's text [b, e).
void add_code_spans(const std::string& t, size_t b, size_t e, std::vector<Range>& code) {
  size_t i = b;
  while (i < e) {
    char c = t[i];
    if (c == '\\') {  // an escaped character, e.g. \` , starts nothing
      i += 2;
      continue;
    }
    if (c == '<' && t.compare(i, 4, "<!--") == 0) {  // inline HTML comment: backticks inside are text
      size_t close = t.find("-->", i + 4);
      if (close != std::string::npos && close + 3 <= e) {
        i = close + 3;
        continue;
      }
    }
    if (c == '`') {
      size_t n = 0;
      while (i + n < e && t[i + n] == '`') n++;
      // The span ends at the next run of exactly n backticks; without one, the backticks are text.
      size_t j = i + n;
      bool closed = false;
      while (j < e) {
        if (t[j] != '`') {
          j++;
          continue;
        }
        size_t m = 0;
        while (j + m < e && t[j + m] == '`') m++;
        if (m == n) {
          closed = true;
          break;
        }
        j += m;
      }
      if (closed) {
        code.push_back({i, j + n});
        i = j + n;
      } else {
        i += n;
      }
      continue;
    }
    i++;
  }
}

std::vector<Range> code_ranges(const std::string& t) {
  std::vector<Range> code;
  struct {
    bool open = false;
    FenceMark mark{};
    int base = 0;  // the indent of the container (list item) the fence is in
    int quote = 0;
  } fence;
  std::vector<int> lists;  // content indents of the open list items, innermost last
  int lists_quote = 0;
  bool para = false;       // the previous line continues a paragraph
  bool html_open = false;  // inside a multi-line <!-- ... --> block
  size_t run_begin = std::string::npos, run_end = 0;

  auto flush_run = [&] {
    if (run_begin != std::string::npos) add_code_spans(t, run_begin, run_end, code);
    run_begin = std::string::npos;
  };
  auto add_text = [&](const Line& l, bool new_paragraph) {
    if (new_paragraph) flush_run();
    if (run_begin == std::string::npos) run_begin = l.begin;
    run_end = l.end;
  };
  auto add_code = [&](const Line& l) {
    flush_run();
    code.push_back({l.begin, l.end});
    para = false;
  };

  for (const Line& l : split_lines(t)) {
    LineView v = view_line(t, l);
    if (fence.open) {
      // A less quoted or less indented line ends the container, and the fence with it.
      bool container_ended = v.quote < fence.quote || (!v.blank && v.indent < fence.base);
      if (!container_ended) {
        if (!v.blank && v.indent - fence.base <= 3 && fence_closing(t, v.first, l.end, fence.mark))
          fence.open = false;
        add_code(l);
        continue;
      }
      fence.open = false;
    }
    if (html_open) {
      flush_run();
      if (std::string_view(t).substr(l.begin, l.end - l.begin).find("-->") != std::string_view::npos)
        html_open = false;
      para = false;
      continue;
    }
    if (v.quote != lists_quote) {
      lists.clear();
      lists_quote = v.quote;
    }
    if (v.blank) {
      flush_run();
      para = false;
      continue;
    }
    size_t p = v.first, e = l.end;
    bool starts_block = thematic_break(t, p, e) || atx_heading(t, p, e) || fence_opening(t, p, e) ||
                        list_item(t, p, e, v.indent);
    // A less indented line leaves the list item, unless it lazily continues a paragraph.
    while (!lists.empty() && v.indent < lists.back()) {
      if (para && !starts_block) break;
      lists.pop_back();
    }
    int base = lists.empty() ? 0 : lists.back();
    if (v.indent - base >= 4) {
      if (para) add_text(l, false);  // a paragraph's continuation line
      else add_code(l);              // indented code
      continue;
    }
    if (auto f = fence_opening(t, p, e)) {
      fence.open = true, fence.mark = *f, fence.base = base, fence.quote = v.quote;
      add_code(l);
      continue;
    }
    // A comment line after paragraph text stays in the paragraph, as Python-Markdown
    // (mkdocs' renderer) reads it, so a code span may run across it: when in
    // doubt, a marker is an example rather than a request.
    if (!para && html_comment_start(t, p, e)) {
      flush_run();
      html_open = std::string_view(t).substr(p + 4, e - p - 4).find("-->") == std::string_view::npos;
      para = false;
      continue;
    }
    if (thematic_break(t, p, e) || atx_heading(t, p, e)) {
      add_text(l, true);
      flush_run();
      para = false;
      continue;
    }
    if (auto item = list_item(t, p, e, v.indent)) {
      lists.push_back(item->content_indent);
      if (auto f = fence_opening(t, item->rest, e)) {
        fence.open = true, fence.mark = *f, fence.base = item->content_indent, fence.quote = v.quote;
        add_code(l);
        continue;
      }
      add_text(l, true);
      para = !item->rest_blank;
      continue;
    }
    add_text(l, !para);
    para = true;
  }
  flush_run();
  std::sort(code.begin(), code.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
  return code;
}

bool in_code(const std::vector<Range>& code, size_t pos) {
  auto it = std::upper_bound(code.begin(), code.end(), pos, [](size_t p, const Range& r) { return p < r.begin; });
  return it != code.begin() && pos < std::prev(it)->end;
}

// ---------------------------------------------------------------------------
// The markers themselves.

struct Marker {
  bool opening;
  size_t begin, end;  // the marker's text
  size_t line;
  std::string name;   // opening markers only
};

size_t line_of(const std::string& t, size_t pos) {
  return static_cast<size_t>(std::count(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(pos), '\n')) + 1;
}

std::vector<Marker> find_markers(const std::string& path, const std::string& t) {
  std::vector<Range> code = code_ranges(t);
  std::vector<Marker> markers;
  for (size_t pos = t.find("<!-- [", 0); pos != std::string::npos; pos = t.find("<!-- [", pos + 1)) {
    bool opening = t.compare(pos, kOpenPrefix.size(), kOpenPrefix) == 0;
    bool closing = !opening && t.compare(pos, kClosePrefix.size(), kClosePrefix) == 0;
    if ((!opening && !closing) || in_code(code, pos)) continue;
    size_t line = line_of(t, pos);
    size_t line_end = t.find('\n', pos);
    if (line_end == std::string::npos) line_end = t.size();
    if (closing) {
      if (t.compare(pos, kClose.size(), kClose) != 0)
        throw Error(cat(path, ":", line, ": malformed closing marker; write it as ", kClose,
                        " (or quote it in `backticks` if it is an example)"));
      markers.push_back({false, pos, pos + kClose.size(), line, ""});
      continue;
    }
    size_t name_begin = pos + kOpenPrefix.size() + 1;
    size_t name_end = t.find(')', name_begin);
    if (pos + kOpenPrefix.size() >= t.size() || t[pos + kOpenPrefix.size()] != '(' || name_end >= line_end ||
        t.compare(name_end, 5, ") -->") != 0)
      throw Error(cat(path, ":", line, ": malformed marker; write it as ", kOpenForm,
                      " on one line (or quote it in `backticks` if it is an example)"));
    std::string name = t.substr(name_begin, name_end - name_begin);
    if (trim(name).empty())
      throw Error(cat(path, ":", line, ": marker with an empty name; write the feature's name, as in the data: ",
                      kOpenForm));
    if (std::any_of(name.begin(), name.end(), is_space))
      throw Error(cat(path, ":", line, ": marker name '", name,
                      "' contains white space; write the feature's name exactly as in the data"));
    markers.push_back({true, pos, name_end + 5, line, name});
  }
  return markers;
}

// The file's own line ending, so a CRLF page stays CRLF.
std::string line_ending(const std::string& t) {
  size_t nl = t.find('\n');
  return nl != std::string::npos && nl > 0 && t[nl - 1] == '\r' ? "\r\n" : "\n";
}

// The text between an opening marker and its closing one, or nullopt to keep
// what is there.
std::optional<std::string> block_text(const std::string& path, const Marker& open, std::string_view body,
                                      const FactLookup& facts, const std::string& eol,
                                      std::vector<MarkerWarning>& warnings) {
  std::optional<MarkerFact> fact = facts(open.name);
  if (fact && !fact->version.empty()) {
    std::string tag = std::string(kTag) + fact->version;
    if (!fact->commit.empty()) tag = "[" + tag + "](" + std::string(kCommitUrl) + fact->commit + ")";
    if (fact->backports.empty()) return eol + tag + eol;
    std::string note;
    for (const std::string& b : fact->backports) note += (note.empty() ? "" : ", ") + b;
    return eol + tag + eol + eol + "Backported to " + note + eol;
  }
  std::string_view said = trim(body);
  if (said.empty() || said == kUnknown) return eol + std::string(kUnknown) + eol;
  warnings.push_back({path, open.line,
                      cat("no data for ", open.name,
                          ", so the text written between its markers is kept; add the feature to the data, "
                          "or empty the block to get \"unknown\"")});
  return std::nullopt;
}

std::string read_whole_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(cat(path, ": cannot read: ", std::strerror(errno)));
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      throw Error(cat(path, ": cannot read: ", std::strerror(err)));
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

bool hidden(const fs::path& p) {
  std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

void collect_pages(const fs::path& dir, std::vector<std::string>& out) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) throw Error(cat(dir.string(), ": cannot list the folder: ", ec.message()));
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) throw Error(cat(dir.string(), ": cannot list the folder: ", ec.message()));
    const fs::path& p = it->path();
    if (hidden(p)) continue;
    fs::file_status st = it->symlink_status(ec);
    if (ec) throw Error(cat(p.string(), ": cannot read its status: ", ec.message()));
    if (fs::is_directory(st)) collect_pages(p, out);
    else if (fs::is_regular_file(st) && p.extension() == ".md") out.push_back(p.string());
  }
  if (ec) throw Error(cat(dir.string(), ": cannot list the folder: ", ec.message()));
}

}  // namespace

PageResult rewrite_page(const std::string& path, const std::string& text, const FactLookup& facts) {
  std::vector<Marker> markers = find_markers(path, text);
  const std::string eol = line_ending(text);
  PageResult r{false, "", {}, {}, {}};
  r.text.reserve(text.size());
  size_t copied = 0;
  const Marker* open = nullptr;
  for (const Marker& m : markers) {
    if (m.opening) {
      if (open)
        throw Error(cat(path, ":", m.line, ": marker for ", m.name, " opened inside the marker for ", open->name,
                        " (line ", open->line, "); close that one first with ", kClose));
      open = &m;
      continue;
    }
    if (!open)
      throw Error(cat(path, ":", m.line, ": ", kClose, " without an opening marker; remove it or put ", kOpenForm,
                      " before it"));
    std::string_view body(text.data() + open->end, m.begin - open->end);
    r.names.push_back(open->name);
    r.name_lines.push_back(open->line);
    std::optional<std::string> fresh = block_text(path, *open, body, facts, eol, r.warnings);
    r.text.append(text, copied, open->end - copied);
    if (fresh) r.text += *fresh;
    else r.text.append(body);
    copied = m.begin;
    open = nullptr;
  }
  if (open)
    throw Error(cat(path, ":", open->line, ": marker for ", open->name, " is never closed; add ", kClose,
                    " after its tag"));
  r.text.append(text, copied, std::string::npos);
  r.changed = r.text != text;
  return r;
}

std::vector<std::string> list_pages(const std::string& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec))
    throw Error(cat(root, ": not a folder", ec ? cat(" (", ec.message(), ")") : std::string(),
                    "; give the folder of the Markdown pages"));
  std::vector<std::string> paths;
  collect_pages(root, paths);
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string read_page(const std::string& path) { return read_whole_file(path); }

std::vector<CodeRange> markdown_code(const std::string& text) {
  std::vector<CodeRange> out;
  for (const Range& r : code_ranges(text)) out.push_back({r.begin, r.end});
  return out;
}

bool in_code(const std::vector<CodeRange>& code, size_t pos) {
  auto it = std::upper_bound(code.begin(), code.end(), pos,
                             [](size_t p, const CodeRange& r) { return p < r.begin; });
  return it != code.begin() && pos < std::prev(it)->end;
}

TreeResult rewrite_tree(const std::string& root, const FactLookup& facts, bool check_only) {
  std::vector<std::string> paths = list_pages(root);

  // Everything is decided before anything is written, so a page with an error
  // cannot leave the site half rewritten.
  TreeResult result;
  std::set<std::string> names;
  std::vector<std::pair<std::string, std::string>> writes;
  std::vector<std::string> errors;
  for (const std::string& path : paths) {
    result.files++;
    try {
      PageResult page = rewrite_page(path, read_whole_file(path), facts);
      result.markers += page.names.size();
      names.insert(page.names.begin(), page.names.end());
      result.warnings.insert(result.warnings.end(), page.warnings.begin(), page.warnings.end());
      if (page.changed) {
        result.changed.push_back(path);
        writes.emplace_back(path, std::move(page.text));
      }
    } catch (const Error& e) {
      errors.push_back(e.what());  // go on, so that one run names every broken page
    }
  }
  if (!errors.empty()) {
    std::string msg;
    for (const std::string& e : errors) msg += e + "\n";
    msg += cat(errors.size(), errors.size() == 1 ? " page has" : " pages have",
               " marker errors; no file was written");
    throw Error(msg);
  }
  result.names.assign(names.begin(), names.end());
  if (check_only) return result;
  for (size_t i = 0; i < writes.size(); i++) {
    try {
      write_file_atomic(writes[i].first, writes[i].second);
    } catch (const Error& e) {
      throw Error(cat(e.what(), " (", i, " of the ", writes.size(), " changed pages were written before it)"));
    }
  }
  return result;
}

}  // namespace ksince
