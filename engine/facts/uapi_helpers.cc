#include "facts/uapi_helpers.h"

#include <map>
#include <set>

#include "util/error.h"

namespace ksince {
namespace {

bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// The file as lines (without their "\n"), as Python's readline sees them.
struct Lines {
  std::vector<std::string_view> v;
  std::vector<size_t> offset;  // of each line's first byte
  explicit Lines(std::string_view text) {
    size_t start = 0;
    while (start < text.size()) {
      size_t nl = text.find('\n', start);
      size_t end = nl == std::string_view::npos ? text.size() : nl;
      v.push_back(text.substr(start, end - start));
      offset.push_back(start);
      start = end + 1;
    }
  }
  size_t size() const { return v.size(); }
  // Index of the line that holds byte `off`.
  size_t line_of(size_t off) const {
    size_t lo = 0, hi = offset.size();
    while (hi - lo > 1) {
      size_t mid = (lo + hi) / 2;
      (offset[mid] <= off ? lo : hi) = mid;
    }
    return lo;
  }
};

// ---------------------------------------------------------------------------
// The documentation block, read with the rules of scripts/bpf_doc.py's
// HeaderParser: a comment line is " *", an optional space, one indent (a TAB
// or 5 to 8 spaces), and for section text a second indent (a TAB or 8
// spaces). The alternatives are tried in the order a backtracking regex tries
// them, because which one matches decides what is kept of the line.

// Positions right after " *", the optional space and the first indent.
std::vector<size_t> first_indent_ends(std::string_view line) {
  std::vector<size_t> out;
  if (line.size() < 2 || line[0] != ' ' || line[1] != '*') return out;
  std::vector<size_t> starts;
  if (line.size() > 2 && line[2] == ' ') starts.push_back(3);
  starts.push_back(2);
  for (size_t p : starts) {
    if (p < line.size() && line[p] == '\t') out.push_back(p + 1);
    size_t n = 0;
    while (p + n < line.size() && line[p + n] == ' ' && n < 8) ++n;
    for (size_t k = n; k >= 5; --k) out.push_back(p + k);
  }
  return out;
}

bool is_section_header(std::string_view line, std::string_view title) {
  for (size_t p : first_indent_ends(line))
    if (line.substr(p) == title) return true;
  return false;
}

// The text of a section line, or nothing when the line is not one.
std::optional<std::string_view> section_text(std::string_view line) {
  for (size_t p : first_indent_ends(line)) {
    if (p < line.size() && line[p] == '\t') return line.substr(p + 1);
    if (line.substr(p, 8) == "        ") return line.substr(p + 8);
  }
  return std::nullopt;
}

// The argument list of a prototype line as bpf_doc.py accepts it: one to five
// items "[const ][struct ](word|...)[ *name]", each optionally followed by
// ", ". Items may touch (the pattern allows it), so this is a small
// backtracking matcher, memoised on (position, items so far).
class ArgsMatcher {
 public:
  explicit ArgsMatcher(std::string_view s) : s_(s) {}
  bool match() { return item(0, 0); }

 private:
  size_t word_run(size_t p) const {
    size_t n = 0;
    while (p + n < s_.size() && is_word(s_[p + n])) ++n;
    return n;
  }
  bool item(size_t pos, int count) {
    if (count >= 1 && pos == s_.size()) return true;
    if (count == 5) return false;
    if (failed_.count({pos, count})) return false;
    for (int with_const = 1; with_const >= 0; --with_const) {
      size_t p1 = pos;
      if (with_const) {
        if (s_.substr(pos, 6) != "const ") continue;
        p1 += 6;
      }
      for (int with_struct = 1; with_struct >= 0; --with_struct) {
        size_t p2 = p1;
        if (with_struct) {
          if (s_.substr(p1, 7) != "struct ") continue;
          p2 += 7;
        }
        std::vector<size_t> base_ends;
        for (size_t n = word_run(p2); n >= 1; --n) base_ends.push_back(p2 + n);
        if (s_.substr(p2, 3) == "...") base_ends.push_back(p2 + 3);
        for (size_t e : base_ends) {
          std::vector<size_t> name_ends;
          if (e < s_.size() && s_[e] == ' ') {
            size_t q = e + 1, stars = 0;
            while (q + stars < s_.size() && s_[q + stars] == '*') ++stars;
            for (size_t st = stars + 1; st-- > 0;)
              for (size_t n = word_run(q + st); n >= 1; --n) name_ends.push_back(q + st + n);
          }
          name_ends.push_back(e);
          for (size_t f : name_ends) {
            if (s_.substr(f, 2) == ", " && item(f + 2, count + 1)) return true;
            if (item(f, count + 1)) return true;
          }
        }
      }
    }
    failed_.insert({pos, count});
    return false;
  }
  std::string_view s_;
  std::set<std::pair<size_t, int>> failed_;
};

// The prototype of a helper line (" * void *bpf_x(...)"), or nothing.
std::optional<std::string_view> proto_of(std::string_view line) {
  if (line.size() < 2 || line[0] != ' ' || line[1] != '*') return std::nullopt;
  std::vector<size_t> starts;
  if (line.size() > 2 && line[2] == ' ') starts.push_back(3);
  starts.push_back(2);
  for (size_t p : starts) {
    std::string_view s = line.substr(p);
    if (s.empty() || s.back() != ')') continue;
    // "(.+) \**\w+\(" before the arguments: the name is the whole word run
    // before a "(", its stars all the stars before it, then one space.
    for (size_t k = s.rfind('('); k != std::string_view::npos && k > 0; k = s.rfind('(', k - 1)) {
      size_t n = k;
      while (n > 0 && is_word(s[n - 1])) --n;
      if (n == k) continue;
      while (n > 0 && s[n - 1] == '*') --n;
      if (n < 2 || s[n - 1] != ' ') continue;
      std::string_view args = s.substr(k + 1, s.size() - k - 2);
      if (args.find('(') != std::string_view::npos) continue;
      if (ArgsMatcher(args).match()) return s;
    }
  }
  return std::nullopt;
}

// One argument as the pattern "((\w+ )*?(\w+|...))( (\**)(\w+))?$" reads
// it: the fewest leading "word " prefixes for which the rest is a type word
// and, optionally, " " stars name.
std::optional<ProtoArg> break_down_arg(std::string_view a) {
  size_t p = 0;
  auto word_run = [&](size_t q) {
    size_t n = 0;
    while (q + n < a.size() && is_word(a[q + n])) ++n;
    return n;
  };
  while (true) {
    std::vector<size_t> base_ends;
    for (size_t n = word_run(p); n >= 1; --n) base_ends.push_back(p + n);
    if (p + 3 <= a.size()) base_ends.push_back(p + 3);  // "..." is any three characters there
    for (size_t e : base_ends) {
      if (e < a.size() && a[e] == ' ') {
        size_t q = e + 1, stars = 0;
        while (q + stars < a.size() && a[q + stars] == '*') ++stars;
        for (size_t st = stars + 1; st-- > 0;) {
          size_t n = word_run(q + st);
          if (n >= 1 && q + st + n == a.size())
            return ProtoArg{std::string(a.substr(0, e)), std::string(a.substr(q, st)),
                            std::string(a.substr(q + st))};
        }
      }
      if (e == a.size()) return ProtoArg{std::string(a), "", ""};
    }
    // One more "word " prefix.
    size_t n = word_run(p);
    if (n == 0 || p + n >= a.size() || a[p + n] != ' ') return std::nullopt;
    p += n + 1;
  }
}

const std::set<std::string, std::less<>> kKnownAttributes = {"__bpf_fastcall"};

struct DocReader {
  const Lines& lines;
  UapiHelpers& out;
  size_t i = 0;  // current line index; lines.size() is end of file

  std::string_view cur() const { return i < lines.size() ? lines.v[i] : std::string_view(); }
  bool at_eof() const { return i >= lines.size(); }
  uint32_t lineno() const { return static_cast<uint32_t>(i + 1); }
  void unknown(std::string what) { out.unknowns.push_back({lineno(), std::move(what)}); }

  // Reads section lines into `text`; false when none had text.
  bool section(std::string& text) {
    bool present = false;
    while (true) {
      ++i;
      if (at_eof()) break;
      std::string_view l = cur();
      if (l == " *") {
        text += '\n';
        continue;
      }
      auto t = section_text(l);
      if (!t) break;
      present = true;
      text.append(*t);
      text += '\n';
    }
    return present;
  }

  void run(size_t start) {
    i = start;
    while (true) {
      auto proto = at_eof() ? std::nullopt : proto_of(cur());
      if (!proto) {
        std::string_view l = trim(cur());
        if (at_eof() || l != "*/")
          unknown("helper documentation ends at a line that is neither a prototype nor the "
                  "comment's end: '" + std::string(cur()) + "'");
        return;
      }
      HelperDoc doc;
      doc.line = lineno();
      doc.proto = std::string(*proto);
      auto parts = break_down_proto(doc.proto);
      if (!parts) {
        unknown("helper prototype that cannot be broken down into type, name and arguments: " +
                doc.proto);
        return;
      }
      doc.name = parts->name;
      ++i;
      // Until 2022 a section could be left out (bpf_get_current_pid_tgid had
      // no Description): the printer of that time left it out of the comment.
      bool any = false;
      if (!at_eof() && is_section_header(cur(), "Description")) {
        any = true;
        if (!section(doc.description)) {
          unknown("empty Description section for " + doc.proto);
          return;
        }
      }
      if (!at_eof() && is_section_header(cur(), "Return")) {
        any = true;
        if (!section(doc.ret)) {
          unknown("empty Return section for " + doc.proto);
          return;
        }
      }
      if (!any) {
        unknown("neither a Description nor a Return section for " + doc.proto);
        return;
      }
      if (!at_eof() && is_section_header(cur(), "Attributes")) {
        ++i;
        auto t = at_eof() ? std::nullopt : section_text(cur());
        if (!t) {
          unknown("incomplete Attributes section for " + doc.proto);
          return;
        }
        std::string_view rest = *t;
        // Split on single spaces, as str.split(' ') does.
        while (true) {
          size_t sp = rest.find(' ');
          std::string_view attr = rest.substr(0, sp);
          if (!kKnownAttributes.count(attr)) {
            unknown("unknown attribute '" + std::string(attr) + "' for " + doc.proto);
            return;
          }
          doc.attributes.emplace_back(attr);
          if (sp == std::string_view::npos) break;
          rest.remove_prefix(sp + 1);
        }
        ++i;
        if (at_eof() || cur() != " *") {
          unknown("no empty line after the Attributes section of " + doc.proto);
          return;
        }
        ++i;
      }
      out.docs.push_back(std::move(doc));
    }
  }
};

void parse_docs(std::string_view text, const Lines& lines, UapiHelpers& out) {
  static constexpr std::string_view kStart = "Start of BPF helper function descriptions:";
  size_t off = text.find(kStart);
  if (off == std::string_view::npos) return;
  // Only in a comment of a C header (" * Start of ..."); scripts/bpf_doc.py
  // holds the same words in a string.
  size_t line = lines.line_of(off);
  if (lines.v[line].substr(0, 2) != " *") return;
  out.has_docs = true;
  // bpf_doc.py skips the rest of that line and the line after it.
  DocReader reader{lines, out};
  reader.run(line + 2);
}

// ---------------------------------------------------------------------------
// The FN list.

// The text with C comments blanked out (newlines kept, so lines still count).
std::string without_comments(std::string_view text) {
  std::string s(text);
  for (size_t i = 0; i + 1 < s.size();) {
    if (s[i] == '/' && s[i + 1] == '*') {
      size_t end = s.find("*/", i + 2);
      end = end == std::string::npos ? s.size() : end + 2;
      for (size_t k = i; k < end; ++k)
        if (s[k] != '\n') s[k] = ' ';
      i = end;
    } else if (s[i] == '/' && s[i + 1] == '/') {
      while (i < s.size() && s[i] != '\n') s[i++] = ' ';
    } else {
      ++i;
    }
  }
  return s;
}

// Whitespace runs collapsed to one space, ends trimmed: for comparing a line
// with a known spelling.
std::string squeeze(std::string_view s) {
  std::string out;
  for (char c : trim(s)) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

struct MacroDef {
  size_t first = 0;      // line index of "#define"
  size_t last = 0;       // line index of its last line
  std::string params;    // squeezed, "(FN, ctx...)"
  size_t body_col = 0;   // where the body starts on the first line
};

// Every "#define NAME" with its continuation lines, in the comment-free text.
std::vector<MacroDef> find_defines(const std::vector<std::string_view>& lines, std::string_view name) {
  std::vector<MacroDef> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view l = lines[i];
    size_t p = 0;
    while (p < l.size() && is_space(l[p])) ++p;
    if (p >= l.size() || l[p] != '#') continue;
    ++p;
    while (p < l.size() && is_space(l[p])) ++p;
    if (l.substr(p, 6) != "define") continue;
    p += 6;
    if (p >= l.size() || !is_space(l[p])) continue;
    while (p < l.size() && is_space(l[p])) ++p;
    if (l.substr(p, name.size()) != name) continue;
    p += name.size();
    if (p < l.size() && is_word(l[p])) continue;
    MacroDef def;
    def.first = i;
    if (p < l.size() && l[p] == '(') {
      size_t close = l.find(')', p);
      if (close == std::string_view::npos) close = l.size() - 1;
      def.params = squeeze(l.substr(p, close + 1 - p));
      p = close + 1;
    }
    def.body_col = p;
    size_t j = i;
    while (j + 1 < lines.size()) {
      std::string_view t = lines[j];
      while (!t.empty() && is_space(t.back())) t.remove_suffix(1);
      if (t.empty() || t.back() != '\\') break;
      ++j;
    }
    def.last = j;
    out.push_back(def);
    i = j;
  }
  return out;
}

// Parses "FN(" args ")" at position p of line; on success returns the
// argument texts (trimmed) and moves p past the ")".
std::optional<std::vector<std::string>> fn_call(std::string_view l, size_t& p) {
  size_t q = p;
  if (l.substr(q, 2) != "FN") return std::nullopt;
  q += 2;
  while (q < l.size() && is_space(l[q])) ++q;
  if (q >= l.size() || l[q] != '(') return std::nullopt;
  size_t close = l.find(')', q);
  if (close == std::string_view::npos) return std::nullopt;
  std::vector<std::string> args;
  std::string_view inner = l.substr(q + 1, close - q - 1);
  while (true) {
    size_t comma = inner.find(',');
    args.emplace_back(trim(inner.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    inner.remove_prefix(comma + 1);
  }
  p = close + 1;
  return args;
}

bool is_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s)
    if (!is_word(c)) return false;
  return true;
}

std::optional<uint32_t> decimal(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  uint32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  return v;
}

// The body of an FN-list macro: FN(...) calls, separated by nothing or by a
// comma, blank space and (blanked) comments. Anything else is an unknown.
void read_fn_list(const std::vector<std::string_view>& lines, const MacroDef& def, bool with_ids,
                  UapiHelpers& out) {
  for (size_t i = def.first; i <= def.last; ++i) {
    std::string_view l = lines[i];
    size_t p = i == def.first ? def.body_col : 0;
    size_t end = l.size();
    while (end > p && is_space(l[end - 1])) --end;
    if (end > p && l[end - 1] == '\\') --end;
    l = l.substr(0, end);
    uint32_t lineno = static_cast<uint32_t>(i + 1);
    while (true) {
      while (p < l.size() && is_space(l[p])) ++p;
      if (p >= l.size()) break;
      auto args = fn_call(l, p);
      bool ok = false;
      if (args && with_ids && args->size() == 3 && is_identifier((*args)[0]) &&
          squeeze((*args)[2]) == "##ctx") {
        if (auto id = decimal((*args)[1])) {
          out.fns.push_back({(*args)[0], id, lineno});
          ok = true;
        }
      } else if (args && !with_ids && args->size() == 1 && is_identifier((*args)[0])) {
        out.fns.push_back({(*args)[0], std::nullopt, lineno});
        ok = true;
      }
      if (!ok) {
        out.unknowns.push_back({lineno, "unexpected text in the helper FN list: '" +
                                            std::string(trim(lines[i])) + "'"});
        break;
      }
      while (p < l.size() && is_space(l[p])) ++p;
      if (p < l.size() && l[p] == ',') ++p;
    }
  }
}

// The start of "enum bpf_func_id {" (line index), if any.
std::optional<size_t> find_func_id_enum(const std::vector<std::string_view>& lines) {
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string s = squeeze(lines[i]);
    if (s.rfind("enum bpf_func_id {", 0) == 0 || s == "enum bpf_func_id") return i;
  }
  return std::nullopt;
}

// Before the FN mapper: "enum bpf_func_id { BPF_FUNC_unspec, BPF_FUNC_x, ...
// __BPF_FUNC_MAX_ID, };", ids by the C rule (previous + 1, or "= N").
void read_func_id_enum(const std::vector<std::string_view>& lines, size_t first, UapiHelpers& out) {
  size_t i = first;
  size_t p = lines[i].find('{');
  while (p == std::string_view::npos && ++i < lines.size()) p = lines[i].find('{');
  if (p == std::string_view::npos) {
    out.unknowns.push_back({static_cast<uint32_t>(first + 1), "enum bpf_func_id without a body"});
    return;
  }
  ++p;
  std::optional<uint32_t> next = 0;
  for (; i < lines.size(); ++i, p = 0) {
    std::string_view l = lines[i];
    uint32_t lineno = static_cast<uint32_t>(i + 1);
    while (p < l.size()) {
      while (p < l.size() && (is_space(l[p]) || l[p] == ',')) ++p;
      if (p >= l.size()) break;
      if (l[p] == '}') return;
      size_t q = p;
      while (q < l.size() && is_word(l[q])) ++q;
      std::string_view ident = l.substr(p, q - p);
      size_t r = q;
      while (r < l.size() && is_space(l[r])) ++r;
      std::optional<uint32_t> id = next;
      if (r < l.size() && l[r] == '=') {
        size_t s = r + 1;
        size_t comma = l.find_first_of(",}", s);
        std::string_view value = trim(l.substr(s, comma == std::string_view::npos ? l.npos : comma - s));
        id = decimal(value);
        if (!id)
          out.unknowns.push_back({lineno, "enum bpf_func_id value that is not a number: '" +
                                              std::string(trim(l)) + "'"});
        r = comma == std::string_view::npos ? l.size() : comma;
      } else if (r < l.size() && l[r] != ',' && l[r] != '}') {
        ident = {};
      }
      if (ident.empty() || !is_identifier(ident)) {
        out.unknowns.push_back({lineno, "unexpected text in enum bpf_func_id: '" +
                                            std::string(trim(l)) + "'"});
        return;
      }
      if (ident == "__BPF_FUNC_MAX_ID") return;
      if (ident.rfind("BPF_FUNC_", 0) != 0) {
        out.unknowns.push_back({lineno, "enum bpf_func_id member without the BPF_FUNC_ prefix: " +
                                            std::string(ident)});
      } else {
        out.fns.push_back({std::string(ident.substr(9)), id, lineno});
      }
      next = id ? std::optional<uint32_t>(*id + 1) : std::nullopt;
      p = r;
    }
  }
  out.unknowns.push_back({static_cast<uint32_t>(first + 1), "enum bpf_func_id is not closed"});
}

// FN(name) lists number helpers by position only if the enum is made from
// the list with "#define __BPF_ENUM_FN(x) BPF_FUNC_ ## x" and nothing before
// it: check that the file says so.
bool positions_are_ids(const std::vector<std::string_view>& lines) {
  bool enum_fn = false;
  for (auto l : lines)
    if (squeeze(l) == "#define __BPF_ENUM_FN(x) BPF_FUNC_ ## x") enum_fn = true;
  auto e = find_func_id_enum(lines);
  if (!enum_fn || !e) return false;
  std::string first = squeeze(lines[*e]);
  std::string_view rest = std::string_view(first).substr(first.find('{') + 1);
  if (!trim(rest).empty()) return squeeze(rest) == "__BPF_FUNC_MAPPER(__BPF_ENUM_FN)";
  for (size_t i = *e + 1; i < lines.size(); ++i) {
    std::string s = squeeze(lines[i]);
    if (s.empty()) continue;
    return s == "__BPF_FUNC_MAPPER(__BPF_ENUM_FN)";
  }
  return false;
}

void parse_fns(std::string_view text, UapiHelpers& out) {
  std::string clean = without_comments(text);
  Lines lines(clean);
  auto ids = find_defines(lines.v, "___BPF_FUNC_MAPPER");
  auto plain = find_defines(lines.v, "__BPF_FUNC_MAPPER");
  // Since v6.1 __BPF_FUNC_MAPPER is only the compatibility wrapper.
  std::vector<MacroDef> lists;
  for (const auto& d : plain) {
    std::string body;
    for (size_t i = d.first; i <= d.last; ++i) {
      std::string_view l = lines.v[i];
      if (i == d.first) l.remove_prefix(std::min(d.body_col, l.size()));
      body += std::string(l) + " ";
    }
    if (squeeze(body) != "___BPF_FUNC_MAPPER(__BPF_FUNC_MAPPER_APPLY, FN)") lists.push_back(d);
  }
  if (ids.size() + lists.size() > 1) {
    const MacroDef& second = ids.size() > 1 ? ids[1] : lists.back();
    out.unknowns.push_back({static_cast<uint32_t>(second.first + 1),
                            "more than one helper FN list; none is used"});
    return;
  }
  if (!ids.empty()) {
    if (ids[0].params != "(FN, ctx...)") {
      out.unknowns.push_back({static_cast<uint32_t>(ids[0].first + 1),
                              "___BPF_FUNC_MAPPER with parameters " + ids[0].params});
      return;
    }
    out.form = FnForm::kMapperIds;
    read_fn_list(lines.v, ids[0], true, out);
    return;
  }
  if (!lists.empty()) {
    if (lists[0].params != "(FN)") {
      out.unknowns.push_back({static_cast<uint32_t>(lists[0].first + 1),
                              "__BPF_FUNC_MAPPER with parameters " + lists[0].params});
      return;
    }
    out.form = FnForm::kMapperPositions;
    size_t before = out.fns.size();
    read_fn_list(lines.v, lists[0], false, out);
    if (positions_are_ids(lines.v)) {
      for (size_t k = before; k < out.fns.size(); ++k) out.fns[k].id = static_cast<uint32_t>(k - before);
    } else {
      out.unknowns.push_back({static_cast<uint32_t>(lists[0].first + 1),
                              "helper ids unknown: enum bpf_func_id is not "
                              "'__BPF_FUNC_MAPPER(__BPF_ENUM_FN)' with "
                              "'#define __BPF_ENUM_FN(x) BPF_FUNC_ ## x'"});
    }
    return;
  }
  if (auto e = find_func_id_enum(lines.v)) {
    out.form = FnForm::kEnum;
    read_func_id_enum(lines.v, *e, out);
  }
}

}  // namespace

std::optional<ProtoParts> break_down_proto(std::string_view proto) {
  // "(.+) (\**)(\w+)\(ARGS\)$" with ARGS split on ", ".
  if (proto.empty() || proto.back() != ')') return std::nullopt;
  size_t k = proto.rfind('(');
  if (k == std::string_view::npos) return std::nullopt;
  size_t n = k;
  while (n > 0 && is_word(proto[n - 1])) --n;
  if (n == k) return std::nullopt;
  size_t s = n;
  while (s > 0 && proto[s - 1] == '*') --s;
  if (s < 2 || proto[s - 1] != ' ') return std::nullopt;
  ProtoParts parts;
  parts.ret_type = std::string(proto.substr(0, s - 1));
  parts.ret_star = std::string(proto.substr(s, n - s));
  parts.name = std::string(proto.substr(n, k - n));
  std::string_view args = proto.substr(k + 1, proto.size() - k - 2);
  if (args.empty()) return std::nullopt;
  int count = 0;
  while (true) {
    size_t sep = args.find(", ");
    auto a = break_down_arg(args.substr(0, sep));
    if (!a) return std::nullopt;
    parts.args.push_back(*a);
    ++count;
    if (sep == std::string_view::npos) break;
    args.remove_prefix(sep + 2);
  }
  if (count > 5) return std::nullopt;
  return parts;
}

UapiHelpers parse_uapi_helpers(std::string_view text) {
  UapiHelpers out;
  Lines lines(text);
  parse_fns(text, out);
  parse_docs(text, lines, out);
  return out;
}

std::string fn_form_name(FnForm form) {
  switch (form) {
    case FnForm::kNone: return "none";
    case FnForm::kMapperIds: return "mapper_ids";
    case FnForm::kMapperPositions: return "mapper_positions";
    case FnForm::kEnum: return "enum";
  }
  return "none";
}

nlohmann::json to_json(const UapiHelpers& h) {
  nlohmann::json fns = nlohmann::json::array();
  for (const auto& f : h.fns) {
    nlohmann::json e = {{"name", f.name}, {"line", f.line}};
    e["id"] = f.id ? nlohmann::json(*f.id) : nlohmann::json();
    fns.push_back(std::move(e));
  }
  nlohmann::json docs = nlohmann::json::array();
  for (const auto& d : h.docs)
    docs.push_back({{"line", d.line}, {"proto", d.proto}, {"name", d.name},
                    {"description", d.description}, {"return", d.ret},
                    {"attributes", d.attributes}});
  nlohmann::json unknowns = nlohmann::json::array();
  for (const auto& u : h.unknowns) unknowns.push_back({{"line", u.line}, {"what", u.what}});
  return {{"form", fn_form_name(h.form)}, {"fns", fns}, {"has_docs", h.has_docs},
          {"docs", docs}, {"unknowns", unknowns}};
}

UapiHelpers uapi_helpers_from_json(const nlohmann::json& j) {
  try {
    UapiHelpers h;
    std::string form = j.at("form").get<std::string>();
    static const std::map<std::string, FnForm> kForms = {
        {"none", FnForm::kNone}, {"mapper_ids", FnForm::kMapperIds},
        {"mapper_positions", FnForm::kMapperPositions}, {"enum", FnForm::kEnum}};
    auto it = kForms.find(form);
    if (it == kForms.end()) throw Error("unknown FN list form '" + form + "'");
    h.form = it->second;
    for (const auto& f : j.at("fns")) {
      HelperFn fn{f.at("name").get<std::string>(), std::nullopt, f.at("line").get<uint32_t>()};
      if (!f.at("id").is_null()) fn.id = f.at("id").get<uint32_t>();
      h.fns.push_back(std::move(fn));
    }
    h.has_docs = j.at("has_docs").get<bool>();
    for (const auto& d : j.at("docs"))
      h.docs.push_back({d.at("line").get<uint32_t>(), d.at("proto").get<std::string>(),
                        d.at("name").get<std::string>(), d.at("description").get<std::string>(),
                        d.at("return").get<std::string>(),
                        d.at("attributes").get<std::vector<std::string>>()});
    for (const auto& u : j.at("unknowns"))
      h.unknowns.push_back({u.at("line").get<uint32_t>(), u.at("what").get<std::string>()});
    return h;
  } catch (const nlohmann::json::exception& e) {
    throw Error(cat("helper definitions: cached extraction is not in the expected shape (",
                    e.what(), "); rebuild the index"));
  }
}

}  // namespace ksince
