#include "facts/kfunc_signature.h"

#include <vector>

#include "facts/c_source.h"
#include "facts/verifier_checks.h"

namespace ksince {
namespace {

// kfunc-gen's typeToC over C type tokens: words joined by a space, each `*`
// appended as " *".
std::string type_text(const csrc::Source& s, size_t b, size_t e) {
  std::vector<std::string_view> words;
  for (size_t i = b; i < e; ++i) {
    std::string_view w = s.toks[i].text;
    if (w == "enum") continue;
    words.push_back(w);
    bool next_int = i + 1 < e && (s.toks[i + 1].text == "int" || s.toks[i + 1].text == "long" ||
                                  s.toks[i + 1].text == "short" || s.toks[i + 1].text == "char" ||
                                  s.toks[i + 1].text == "double");
    if ((w == "long" || w == "short" || w == "unsigned" || w == "signed") && !next_int) words.push_back("int");
  }
  std::string out;
  for (std::string_view w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

bool ends_with_star(const std::string& t) { return !t.empty() && t.back() == '*'; }

// One parameter: `T name` -> "T name", `T *name` -> "T *name", a function
// pointer `R (name)(A a, B b)` -> "R (name)(A , B )".
std::string param_text(const csrc::Source& s, size_t b, size_t e) {
  for (size_t i = b; i + 3 < e; ++i) {
    if (s.is(i, "(") && s.toks[i].match > 0 && s.is(static_cast<size_t>(s.toks[i].match) + 1, "(")) {
      size_t close = static_cast<size_t>(s.toks[i].match);
      size_t inner = close + 1;
      if (s.toks[inner].match < 0) break;
      size_t inner_close = static_cast<size_t>(s.toks[inner].match);
      std::string name;
      for (size_t k = i + 1; k < close; ++k)
        if (s.ident(k)) name = std::string(s.toks[k].text);
      std::string out = type_text(s, b, i) + " (" + name + ")(";
      bool first = true;
      for (auto [pb, pe] : csrc::split_top_level(s, inner + 1, inner_close, ",")) {
        if (pe > pb + 1 && s.ident(pe - 1)) --pe;  // drop the name
        out += (first ? "" : ", ") + type_text(s, pb, pe) + " ";
        first = false;
      }
      return out + ")";
    }
  }
  if (e > b + 1 && s.ident(e - 1)) {
    std::string t = type_text(s, b, e - 1);
    return t + (ends_with_star(t) ? "" : " ") + std::string(s.toks[e - 1].text);
  }
  return type_text(s, b, e);
}

}  // namespace

std::string kfunc_gen_signature(std::string_view sig) {
  csrc::Source s = csrc::tokenize(sig);
  size_t lp = 0;
  while (lp < s.toks.size() && !(s.toks[lp].text == "(" && s.toks[lp].match > 0)) ++lp;
  if (lp < 2 || lp == s.toks.size() || !s.ident(lp - 1) || static_cast<size_t>(s.toks[lp].match) + 1 != s.toks.size())
    return std::string(sig);
  size_t rp = static_cast<size_t>(s.toks[lp].match);
  std::string head = type_text(s, 0, lp - 1);
  std::string out = head + (ends_with_star(head) ? "" : " ") + std::string(s.toks[lp - 1].text) + "(";
  bool is_void = rp == lp + 2 && s.is(lp + 1, "void");
  if (!is_void && rp > lp + 1) {
    bool first = true;
    for (auto [b, e] : csrc::split_top_level(s, lp + 1, rp, ",")) {
      out += (first ? "" : ", ") + param_text(s, b, e);
      first = false;
    }
  }
  return out + ")";
}

}  // namespace ksince
