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

struct Frame {
  std::vector<std::string> earlier;  // positive conditions of the earlier branches
  std::vector<std::string> current;  // conditions of the branch we are in
  bool dead = false;                 // an `#if 0` branch
  bool taken_const = false;          // an earlier `#if 1`: the rest is dead
  std::vector<size_t> brackets;      // the bracket stack at the #if
};

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

Source tokenize(std::string_view t) {
  Source src;
  std::map<std::vector<std::string>, uint32_t> interned;
  std::vector<Frame> frames;
  std::vector<size_t> brackets;
  uint32_t cur_pp = 0;
  src.pp_sets.push_back({});
  interned[{}] = 0;

  auto recompute = [&] {
    std::vector<std::string> set;
    for (const Frame& f : frames)
      for (const std::string& c : f.current)
        if (c.find("CONFIG_") != std::string::npos) set.push_back(c);
    auto [it, inserted] = interned.emplace(set, static_cast<uint32_t>(src.pp_sets.size()));
    if (inserted) src.pp_sets.push_back(set);
    cur_pp = it->second;
  };
  auto dead = [&] {
    for (const Frame& f : frames)
      if (f.dead) return true;
    return false;
  };

  size_t i = 0, n = t.size();
  uint32_t line = 1;
  bool line_start = true;  // only whitespace since the last newline
  while (i < n) {
    char c = t[i];
    if (c == '\n') {
      ++line;
      ++i;
      line_start = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
      continue;
    }
    if (c == '\\' && i + 1 < n && t[i + 1] == '\n') {  // continuation outside a directive
      i += 2;
      ++line;
      continue;
    }
    if (c == '/' && i + 1 < n && t[i + 1] == '*') {
      size_t end = t.find("*/", i + 2);
      uint32_t start_line = line;
      size_t stop = end == std::string_view::npos ? n : end + 2;
      for (size_t k = i; k < stop; ++k) line += t[k] == '\n';
      if (end == std::string_view::npos) src.problems.push_back({start_line, "unterminated comment"});
      i = stop;
      continue;
    }
    if (c == '/' && i + 1 < n && t[i + 1] == '/') {
      while (i < n && t[i] != '\n') ++i;
      continue;
    }
    if (c == '#' && line_start) {
      // A directive, with its continuation lines and comments.
      uint32_t dline = line;
      std::string body;
      ++i;
      while (i < n && t[i] != '\n') {
        if (t[i] == '\\' && i + 1 < n && (t[i + 1] == '\n' || (t[i + 1] == '\r' && i + 2 < n && t[i + 2] == '\n'))) {
          i += t[i + 1] == '\n' ? 2 : 3;
          ++line;
          body += ' ';
          continue;
        }
        if (t[i] == '/' && i + 1 < n && t[i + 1] == '*') {
          size_t end = t.find("*/", i + 2);
          size_t stop = end == std::string_view::npos ? n : end + 2;
          for (size_t k = i; k < stop; ++k) line += t[k] == '\n';
          i = stop;
          body += ' ';
          continue;
        }
        if (t[i] == '/' && i + 1 < n && t[i + 1] == '/') {
          while (i < n && t[i] != '\n') ++i;
          break;
        }
        body += t[i++];
      }
      size_t k = 0;
      while (k < body.size() && (body[k] == ' ' || body[k] == '\t')) ++k;
      size_t ws = k;
      while (k < body.size() && ident_char(body[k])) ++k;
      std::string word = body.substr(ws, k - ws);
      std::string arg = collapse_space(std::string_view(body).substr(k));
      if (word == "if" || word == "ifdef" || word == "ifndef") {
        Frame f;
        f.brackets = brackets;
        std::string cond = word == "if" ? normalize_condition(arg) : arg;
        if (word == "ifndef") cond = negate_condition(cond);
        if (word == "if" && cond == "0") {
          f.dead = true;
        } else if (word == "if" && cond == "1") {
          f.taken_const = true;
        } else {
          f.current = {cond};
        }
        f.earlier.push_back(cond);
        frames.push_back(std::move(f));
        recompute();
      } else if (word == "elif" || word == "else") {
        if (frames.empty()) {
          src.problems.push_back({dline, "#" + word + " without #if"});
        } else {
          Frame& f = frames.back();
          brackets = f.brackets;  // each branch starts from the brackets at the #if
          f.current.clear();
          f.dead = f.taken_const;
          for (const std::string& e : f.earlier)
            if (e != "0") f.current.push_back(negate_condition(e));
          if (word == "elif") {
            std::string cond = normalize_condition(arg);
            if (cond == "0") f.dead = true;
            else if (cond != "1") f.current.push_back(cond);
            else f.taken_const = true;
            f.earlier.push_back(cond);
          }
          recompute();
        }
      } else if (word == "endif") {
        if (frames.empty()) src.problems.push_back({dline, "#endif without #if"});
        else frames.pop_back();
        recompute();
      }
      line_start = false;
      continue;
    }
    line_start = false;
    size_t b = i;
    TokKind kind;
    if (ident_start(c)) {
      while (i < n && ident_char(t[i])) ++i;
      kind = TokKind::Ident;
    } else if (c >= '0' && c <= '9') {
      while (i < n && (ident_char(t[i]) || t[i] == '.')) ++i;
      kind = TokKind::Number;
    } else if (c == '"' || c == '\'') {
      ++i;
      while (i < n && t[i] != c && t[i] != '\n') i += (t[i] == '\\' && i + 1 < n) ? 2 : 1;
      if (i < n && t[i] == c) ++i;
      else src.problems.push_back({line, "unterminated literal"});
      kind = c == '"' ? TokKind::String : TokKind::Char;
    } else {
      static const char* const two[] = {"->", "==", "!=", "<=", ">=", "&&", "||", "++", "--", "<<", ">>",
                                        "+=", "-=", "*=", "/=", "|=", "&=", "^=", "##"};
      kind = TokKind::Punct;
      ++i;
      for (const char* p : two)
        if (c == p[0] && i < n && t[i] == p[1]) {
          ++i;
          break;
        }
    }
    if (dead()) continue;
    Token tok{kind, t.substr(b, i - b), line, cur_pp};
    size_t idx = src.toks.size();
    if (kind == TokKind::Punct && tok.text.size() == 1) {
      char p = tok.text[0];
      if (p == '(' || p == '[' || p == '{') {
        brackets.push_back(idx);
      } else if (p == ')' || p == ']' || p == '}') {
        char open = p == ')' ? '(' : p == ']' ? '[' : '{';
        if (!brackets.empty() && src.toks[brackets.back()].text[0] == open) {
          tok.match = static_cast<int32_t>(brackets.back());
          src.toks[brackets.back()].match = static_cast<int32_t>(idx);
          brackets.pop_back();
        } else {
          src.problems.push_back({line, std::string("unbalanced '") + p + "'"});
        }
      }
    }
    src.toks.push_back(tok);
  }
  if (!frames.empty()) src.problems.push_back({line, "#if without #endif"});
  for (size_t b : brackets)
    src.problems.push_back({src.toks[b].line, std::string("unclosed '") + std::string(src.toks[b].text) + "'"});
  return src;
}

std::vector<std::pair<size_t, size_t>> split_top_level(const Source& s, size_t b, size_t e, std::string_view op) {
  std::vector<std::pair<size_t, size_t>> parts;
  size_t start = b;
  for (size_t i = b; i < e; ++i) {
    const Token& t = s.toks[i];
    if ((t.text == "(" || t.text == "[") && t.match > static_cast<int32_t>(i)) {
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
