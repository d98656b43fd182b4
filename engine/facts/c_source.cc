#include "facts/c_source.h"

#include <map>

namespace ksince::csrc {
namespace {

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

std::string collapse_space(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// "defined(CONFIG_X)", "IS_ENABLED(CONFIG_X)", "!defined CONFIG_X", ... ->
// "CONFIG_X" / "!CONFIG_X"; anything else is kept whole.
std::string normalize_condition(std::string_view raw) {
  std::string s;
  for (char c : raw)
    if (c != ' ' && c != '\t') s += c;
  bool neg = false;
  std::string_view v = s;
  if (!v.empty() && v[0] == '!') {
    neg = true;
    v.remove_prefix(1);
  }
  for (std::string_view fn : {"defined", "IS_ENABLED", "IS_BUILTIN", "IS_REACHABLE"}) {
    if (v.substr(0, fn.size()) != fn) continue;
    std::string_view rest = v.substr(fn.size());
    if (rest.size() > 2 && rest.front() == '(' && rest.back() == ')') rest = rest.substr(1, rest.size() - 2);
    bool simple = !rest.empty();
    for (char c : rest) simple = simple && ident_char(c);
    if (simple) return (neg ? "!" : "") + std::string(rest);
  }
  return collapse_space(raw);
}

// Where the tokenizer is in the text.
struct Cursor {
  std::string_view t;
  size_t i = 0;
  uint32_t line = 1;
  bool line_start = true;  // only whitespace since the last newline: a `#` here starts a directive

  bool more() const { return i < t.size(); }
  // The character `ahead` past the cursor, '\0' past the end.
  char at(size_t ahead = 0) const { return i + ahead < t.size() ? t[i + ahead] : '\0'; }
};

// Whitespace and backslash-newlines between tokens.
bool skip_space(Cursor& c) {
  char ch = c.at();
  if (ch == '\n') {
    ++c.line;
    ++c.i;
    c.line_start = true;
    return true;
  }
  if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v') {
    ++c.i;
    return true;
  }
  if (ch == '\\' && c.at(1) == '\n') {  // continuation outside a directive
    c.i += 2;
    ++c.line;
    return true;
  }
  return false;
}

// Past the `/* ... */` at the cursor, counting its lines. False when it never ends.
bool skip_block_comment(Cursor& c) {
  size_t end = c.t.find("*/", c.i + 2);
  size_t stop = end == std::string_view::npos ? c.t.size() : end + 2;
  for (size_t k = c.i; k < stop; ++k) c.line += c.t[k] == '\n';
  c.i = stop;
  return end != std::string_view::npos;
}

// Up to the newline that ends the `//` comment at the cursor.
void skip_line_comment(Cursor& c) {
  while (c.more() && c.at() != '\n') ++c.i;
}

bool skip_comment(Cursor& c, Source& src) {
  if (c.at() == '/' && c.at(1) == '*') {
    uint32_t start_line = c.line;
    if (!skip_block_comment(c)) src.problems.push_back({start_line, "unterminated comment"});
    return true;
  }
  if (c.at() == '/' && c.at(1) == '/') {
    skip_line_comment(c);
    return true;
  }
  return false;
}

// A preprocessor line: `#word arg`.
struct Directive {
  uint32_t line;
  std::string_view word;  // if, ifdef, elif, endif, define, ... (into `body`)
  std::string_view rest;  // what follows the word, spaces not collapsed (into `body`)
  std::string_view body;  // the line after `#`: a view of the text, or of `joined`
  std::string joined;     // the line with continuations and comments as spaces, when it has any

  // The rest, its spaces collapsed: what the conditions are made of.
  std::string arg() const { return collapse_space(rest); }
};

// The directive at the `#`, with its continuation lines, its comments read as
// spaces. Leaves the cursor at the newline that ends it. Most lines have
// neither: they are read as a view of the text, without a copy.
void read_directive(Cursor& c, Directive& d) {
  d.line = c.line;
  ++c.i;
  const size_t start = c.i;
  size_t end = start;
  while (end < c.t.size() && c.t[end] != '\n' && c.t[end] != '\\' && c.t[end] != '/') ++end;
  if (end >= c.t.size() || c.t[end] == '\n') {
    c.i = end;
    d.body = c.t.substr(start, end - start);
  } else {
    std::string& body = d.joined;
    body.assign(c.t.substr(start, end - start));
    c.i = end;
    while (c.more() && c.at() != '\n') {
      if (c.at() == '\\' && (c.at(1) == '\n' || (c.at(1) == '\r' && c.at(2) == '\n'))) {
        c.i += c.at(1) == '\n' ? 2 : 3;
        ++c.line;
        body += ' ';
        continue;
      }
      if (c.at() == '/' && c.at(1) == '*') {
        skip_block_comment(c);  // unterminated: the end of the text ends the directive too
        body += ' ';
        continue;
      }
      if (c.at() == '/' && c.at(1) == '/') {
        skip_line_comment(c);
        break;
      }
      body += c.t[c.i++];
    }
    d.body = body;
  }
  size_t k = 0;
  while (k < d.body.size() && (d.body[k] == ' ' || d.body[k] == '\t')) ++k;
  size_t word_start = k;
  while (k < d.body.size() && ident_char(d.body[k])) ++k;
  d.word = d.body.substr(word_start, k - word_start);
  d.rest = d.body.substr(k);
}

// One open #if, #ifdef or #ifndef.
struct Frame {
  std::vector<std::string> earlier;  // positive conditions of the earlier branches
  std::vector<std::string> current;  // conditions of the branch we are in
  bool dead = false;                 // an `#if 0` branch
  bool taken_const = false;          // an earlier `#if 1`: the rest is dead
  std::vector<size_t> brackets;      // the bracket stack at the #if
};

// The open #if blocks, and the set of CONFIG_ conditions they put around
// the tokens (interned in Source::pp_sets).
class IfStack {
 public:
  explicit IfStack(Source& src) : src_(src) {
    src_.pp_sets.push_back({});
    interned_[{}] = 0;
  }

  // Opens, switches or closes a block; other directives change nothing.
  // `brackets` is the open-bracket stack: each branch of a block starts from
  // the brackets at its #if.
  void apply(const Directive& d, std::vector<size_t>& brackets) {
    if (d.word == "if" || d.word == "ifdef" || d.word == "ifndef") {
      open_block(d, brackets);
    } else if (d.word == "elif" || d.word == "else") {
      if (frames_.empty()) {
        src_.problems.push_back({d.line, "#" + std::string(d.word) + " without #if"});
        return;
      }
      next_branch(d, brackets);
    } else if (d.word == "endif") {
      if (frames_.empty()) src_.problems.push_back({d.line, "#endif without #if"});
      else frames_.pop_back();
      recompute();
    }
  }

  uint32_t pp() const { return pp_; }
  bool any_open() const { return !frames_.empty(); }
  // Inside an `#if 0` (or after an `#if 1`'s branch).
  bool dead() const { return dead_; }

 private:
  Source& src_;
  std::vector<Frame> frames_;
  std::map<std::vector<std::string>, uint32_t> interned_;
  uint32_t pp_ = 0;
  bool dead_ = false;  // some open frame is dead: asked at every token

  void open_block(const Directive& d, const std::vector<size_t>& brackets) {
    Frame f;
    f.brackets = brackets;
    std::string cond = d.word == "if" ? normalize_condition(d.arg()) : d.arg();
    if (d.word == "ifndef") cond = negate_condition(cond);
    if (d.word == "if" && cond == "0") f.dead = true;
    else if (d.word == "if" && cond == "1") f.taken_const = true;
    else f.current = {cond};
    f.earlier.push_back(cond);
    frames_.push_back(std::move(f));
    recompute();
  }

  // #elif or #else: the negations of the earlier branches, and the #elif's own condition.
  void next_branch(const Directive& d, std::vector<size_t>& brackets) {
    Frame& f = frames_.back();
    brackets = f.brackets;
    f.current.clear();
    f.dead = f.taken_const;
    for (const std::string& e : f.earlier)
      if (e != "0") f.current.push_back(negate_condition(e));
    if (d.word == "elif") {
      std::string cond = normalize_condition(d.arg());
      if (cond == "0") f.dead = true;
      else if (cond != "1") f.current.push_back(cond);
      else f.taken_const = true;
      f.earlier.push_back(cond);
    }
    recompute();
  }

  void recompute() {
    std::vector<std::string> set;
    for (const Frame& f : frames_)
      for (const std::string& c : f.current)
        if (c.find("CONFIG_") != std::string::npos) set.push_back(c);
    auto [it, inserted] = interned_.emplace(set, static_cast<uint32_t>(src_.pp_sets.size()));
    if (inserted) src_.pp_sets.push_back(set);
    pp_ = it->second;
    dead_ = false;
    for (const Frame& f : frames_) dead_ = dead_ || f.dead;
  }
};

// A string or char literal; it ends at its quote or, unterminated, at the line's end.
void scan_literal(Cursor& c, Source& src) {
  const char quote = c.at();
  const std::string_view t = c.t;
  size_t i = c.i + 1;
  while (i < t.size() && t[i] != quote && t[i] != '\n') i += (t[i] == '\\' && i + 1 < t.size()) ? 2 : 1;
  if (i < t.size() && t[i] == quote) ++i;
  else src.problems.push_back({c.line, "unterminated literal"});
  c.i = i;
}

// One- or two-character punctuation: -> == != <= >= && || ++ -- << >> += -=
// *= /= |= &= ^= ##.
void scan_punct(Cursor& c) {
  const char first = c.at();
  ++c.i;
  const char second = c.at();
  bool two = false;
  switch (first) {
    case '-': two = second == '>' || second == '-' || second == '='; break;
    case '+': two = second == '+' || second == '='; break;
    case '&': two = second == '&' || second == '='; break;
    case '|': two = second == '|' || second == '='; break;
    case '<': two = second == '<' || second == '='; break;
    case '>': two = second == '>' || second == '='; break;
    case '=': case '!': case '*': case '/': case '^': two = second == '='; break;
    case '#': two = second == '#'; break;
    default: break;
  }
  if (two) ++c.i;
}

// The token at the cursor, moving past it; its `pp` is left to the caller.
Token scan_token(Cursor& c, Source& src) {
  const size_t b = c.i;
  const char first = c.at();
  TokKind kind;
  if (ident_start(first)) {
    while (c.more() && ident_char(c.at())) ++c.i;
    kind = TokKind::Ident;
  } else if (first >= '0' && first <= '9') {
    while (c.more() && (ident_char(c.at()) || c.at() == '.')) ++c.i;
    kind = TokKind::Number;
  } else if (first == '"' || first == '\'') {
    scan_literal(c, src);
    kind = first == '"' ? TokKind::String : TokKind::Char;
  } else {
    scan_punct(c);
    kind = TokKind::Punct;
  }
  return Token{kind, c.t.substr(b, c.i - b), c.line, 0};
}

// Appends `tok`, pairing a closing bracket with the open one on `brackets`.
inline void push_token(Source& src, const Token& tok, std::vector<size_t>& brackets) {
  const size_t idx = src.toks.size();
  src.toks.push_back(tok);
  if (tok.kind != TokKind::Punct || tok.text.size() != 1) return;
  char p = tok.text[0];
  if (p == '(' || p == '[' || p == '{') {
    brackets.push_back(idx);
  } else if (p == ')' || p == ']' || p == '}') {
    char open = p == ')' ? '(' : p == ']' ? '[' : '{';
    if (!brackets.empty() && src.toks[brackets.back()].text[0] == open) {
      src.toks[idx].match = static_cast<int32_t>(brackets.back());
      src.toks[brackets.back()].match = static_cast<int32_t>(idx);
      brackets.pop_back();
    } else {
      src.problems.push_back({tok.line, std::string("unbalanced '") + p + "'"});
    }
  }
}

}  // namespace

std::string negate_condition(const std::string& c) {
  if (c.empty()) return c;
  bool simple = true;
  for (size_t i = c[0] == '!' ? 1 : 0; i < c.size(); ++i) simple = simple && ident_char(c[i]);
  if (simple) return c[0] == '!' ? c.substr(1) : "!" + c;
  return "!(" + c + ")";
}

std::string Source::text(size_t b, size_t e) const {
  std::string out;
  for (size_t i = b; i < e && i < toks.size(); ++i) {
    if (i > b && toks[i - 1].text.data() + toks[i - 1].text.size() != toks[i].text.data()) out += ' ';
    out += toks[i].text;
  }
  return out;
}

namespace {

// A function-like macro's list, which must open right after the name:
// `#define F(a, b...)` has one named parameter and is variadic.
void macro_params(std::string_view after_name, Define& d) {
  if (after_name.empty() || after_name[0] != '(') return;
  size_t close = after_name.find(')');
  if (close == std::string_view::npos) return;
  std::string list = collapse_space(after_name.substr(1, close - 1));
  d.params = 0;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = std::min(list.find(',', start), list.size());
    std::string_view p = std::string_view(list).substr(start, comma - start);
    while (!p.empty() && p.front() == ' ') p.remove_prefix(1);
    while (!p.empty() && p.back() == ' ') p.remove_suffix(1);
    if (p.size() >= 3 && p.substr(p.size() - 3) == "...") {
      d.variadic = true;  // `...` and GNU's `args...` alike: a renamed parameter is no change
    } else if (!p.empty()) {
      d.params++;
    }
    start = comma + 1;
  }
}

}  // namespace

Source tokenize(std::string_view text) {
  Source src;
  tokenize(text, src);
  return src;
}

void tokenize(std::string_view text, Source& src) {
  src.toks.clear();
  src.defines.clear();
  src.pp_sets.clear();
  src.problems.clear();
  Cursor c{text};
  IfStack ifs(src);
  std::vector<size_t> brackets;  // the open brackets, innermost last
  Directive d;
  while (c.more()) {
    if (skip_space(c) || skip_comment(c, src)) continue;
    if (c.at() == '#' && c.line_start) {
      read_directive(c, d);
      ifs.apply(d, brackets);
      if (d.word == "define" && !ifs.dead()) {
        std::string_view r = d.rest;
        size_t b = 0;
        while (b < r.size() && (r[b] == ' ' || r[b] == '\t' || r[b] == '\n' || r[b] == '\r')) ++b;
        size_t k = b;
        while (k < r.size() && ident_char(r[k])) ++k;
        if (k > b && !(r[b] >= '0' && r[b] <= '9')) {
          src.defines.push_back({std::string(r.substr(b, k - b)), d.line});
          macro_params(r.substr(k), src.defines.back());
        }
      }
      c.line_start = false;
      continue;
    }
    c.line_start = false;
    Token tok = scan_token(c, src);
    if (ifs.dead()) continue;  // under `#if 0`: scanned only to pass over it
    tok.pp = ifs.pp();
    push_token(src, tok, brackets);
  }
  if (ifs.any_open()) src.problems.push_back({c.line, "#if without #endif"});
  for (size_t b : brackets)
    src.problems.push_back({src.toks[b].line, std::string("unclosed '") + std::string(src.toks[b].text) + "'"});
}

std::vector<std::pair<size_t, size_t>> split_top_level(const Source& s, size_t b, size_t e, std::string_view op,
                                                       bool braces) {
  std::vector<std::pair<size_t, size_t>> parts;
  size_t start = b;
  for (size_t i = b; i < e; ++i) {
    const Token& t = s.toks[i];
    if ((t.text == "(" || t.text == "[" || (braces && t.text == "{")) && t.match > static_cast<int32_t>(i)) {
      i = static_cast<size_t>(t.match);
      continue;
    }
    if (t.text == op) {
      parts.push_back({start, i});
      start = i + 1;
    }
  }
  parts.push_back({start, e});
  return parts;
}

}  // namespace ksince::csrc
