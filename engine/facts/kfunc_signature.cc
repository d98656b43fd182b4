#include "facts/kfunc_signature.h"

#include <algorithm>
#include <array>
#include <vector>

#include "facts/c_source.h"
#include "facts/c_words.h"

namespace ksince {
namespace {

// One declared type, as BTF holds it: a base, and for the base and each
// pointer level the qualifiers written there.
struct BtfType {
  std::string base;
  std::vector<std::vector<std::string>> quals{{}};  // [0]: on the base; [i]: on the i-th pointer
  size_t pointers() const { return quals.size() - 1; }
  // A returned value's own qualifiers, which DWARF and so BTF do not keep
  // (`char *const f(void)` returns a `char *`).
  BtfType returned() const {
    BtfType t = *this;
    t.quals.back().clear();
    return t;
  }
  // A pointer with no qualifier of its own: kfunc-gen writes its name
  // right after the " *".
  bool top_is_pointer() const { return pointers() > 0 && quals.back().empty(); }

  // kfunc-gen's typeToC of the chain GCC and pahole build: qualifiers print
  // as prefixes from the outermost level in, then the base, then " *" per
  // pointer.
  std::string text() const {
    std::string out;
    for (size_t level = quals.size(); level-- > 0;) {
      // `const volatile` on one level has no fixed spelling: GCC nests the
      // two as the compilation unit first made them (tests/btf_spelling_
      // test.cc). No kfunc has both; volatile first is the common case.
      for (std::string_view q : {"volatile", "const", "restrict"})
        if (std::find(quals[level].begin(), quals[level].end(), q) != quals[level].end()) out += std::string(q) + " ";
    }
    out += base;
    for (size_t i = 0; i < pointers(); i++) out += " *";
    return out;
  }
};

// Tokens [b, e) of a type without its declarator name.
BtfType btf_type(const csrc::Source& s, size_t b, size_t e) {
  BtfType t;
  std::vector<std::string_view> words;
  for (size_t i = b; i < e; ++i) {
    std::string_view w = s.toks[i].text;
    if (is_sparse_annotation(w) || w == "enum") continue;  // kfunc-gen prints an enum by its bare name
    if (is_qualifier(w)) {
      t.quals.back().emplace_back(w.substr(0, 2) == "__" ? "restrict" : std::string(w));
    } else if (w == "*") {
      t.quals.emplace_back();
    } else if (t.pointers() == 0) {
      words.push_back(w);
    }
  }
  bool integer = !words.empty() && std::all_of(words.begin(), words.end(), is_int_word);
  if (integer) {
    t.base = integer_name(words);
  } else {
    for (std::string_view w : words) t.base += (t.base.empty() ? "" : " ") + std::string(w);
  }
  return t;
}

bool is_type_word(std::string_view w) {
  return is_int_word(w) || is_qualifier(w) || is_sparse_annotation(w) || w == "void" || w == "_Bool" ||
         w == "float" || w == "double";
}

// Where the declarator's name is in tokens [b, e): the last identifier, if
// it is not part of the type (`unsigned long`, `struct sock`); e if none.
size_t name_at(const csrc::Source& s, size_t b, size_t e) {
  if (e <= b + 1 || !s.ident(e - 1) || is_type_word(s.toks[e - 1].text)) return e;
  std::string_view before = s.toks[e - 2].text;
  if (before == "struct" || before == "union" || before == "enum") return e;
  // `const u64` names nothing: a name needs a type before it.
  for (size_t i = b; i + 1 < e; ++i)
    if (!is_qualifier(s.toks[i].text) && !is_sparse_annotation(s.toks[i].text)) return e - 1;
  return e;
}

// One parameter: `T name` -> "T name", `T *name` -> "T *name", an array
// `T name[N]` -> "T *name" (a parameter's array is a pointer), a function
// pointer `R (*name)(A a, B b)` -> "R (name)(A , B )" (BTF keeps no names
// for a callback's parameters).
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
      std::string out = btf_type(s, b, i).returned().text() + " (" + name + ")(";
      bool first = true;
      for (auto [pb, pe] : csrc::split_top_level(s, inner + 1, inner_close, ",")) {
        if (pe == pb + 1 && s.is(pb, "void") && first && pe == inner_close) break;  // `(void)`: no parameters
        out += (first ? "" : ", ") + btf_type(s, pb, name_at(s, pb, pe)).text() + " ";
        first = false;
      }
      return out + ")";
    }
  }
  size_t arrays = 0;
  while (e > b + 2 && s.is(e - 1, "]") && s.toks[e - 1].match >= 0) {
    e = static_cast<size_t>(s.toks[e - 1].match);
    arrays++;
  }
  size_t n = name_at(s, b, e);
  BtfType t = btf_type(s, b, n);
  for (size_t i = 0; i < arrays; i++) t.quals.emplace_back();
  std::string name = n < e ? std::string(s.toks[n].text) : "";
  return t.text() + (t.top_is_pointer() ? "" : " ") + name;
}

// A parameter the verifier supplies to a KF_IMPLICIT_ARGS kfunc: a pointer
// to one of these structs, qualifiers aside (the kernel's own rule:
// is_kf_implicit_arg() in tools/bpf/resolve_btfids/main.c).
bool is_implicit(const csrc::Source& s, size_t b, size_t e) {
  BtfType t = btf_type(s, b, name_at(s, b, e));
  return (t.base == "struct bpf_prog_aux" || t.base == "struct btf_struct_meta") && t.pointers() == 1;
}

}  // namespace

// Words before a definition that are not its return type: storage,
// inlining and the kernel's attribute macros (BTF keeps none of them).
bool is_decoration(std::string_view w) {
  static constexpr std::array<std::string_view, 16> kWords = {
      "static",   "inline",     "extern",  "noinline", "notrace",      "__bpf_kfunc", "__always_inline", "__weak",
      "__used",   "__cold",     "__init",  "__noinline", "__must_check", "__visible", "asmlinkage",    "__nocfi"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

std::string kfunc_gen_signature(std::string_view sig, bool implicit_args) {
  csrc::Source s = csrc::tokenize(sig);
  // The parameter list is the group that ends the text; what comes before
  // its name is the return type, once `__printf(1, 0)`-style attribute
  // groups and decorations are dropped.
  if (s.toks.size() < 3 || !s.is(s.toks.size() - 1, ")") || s.toks.back().match < 2) return std::string(sig);
  size_t lp = static_cast<size_t>(s.toks.back().match);
  size_t rp = s.toks.size() - 1;
  if (!s.ident(lp - 1)) return std::string(sig);
  csrc::Source head;
  for (size_t i = 0; i + 1 < lp; ++i) {
    bool attribute = s.ident(i) && s.is(i + 1, "(") && s.toks[i + 1].match > 0 &&
                     static_cast<size_t>(s.toks[i + 1].match) < lp - 1;
    if (attribute) {
      i = static_cast<size_t>(s.toks[i + 1].match);  // `__printf(1, 0)`, `__attribute__((...))`
      continue;
    }
    if (s.ident(i) && is_decoration(s.toks[i].text)) continue;
    head.toks.push_back(s.toks[i]);
  }
  if (head.toks.empty()) return std::string(sig);
  BtfType ret = btf_type(head, 0, head.toks.size()).returned();
  std::string out = ret.text() + (ret.top_is_pointer() ? "" : " ") + std::string(s.toks[lp - 1].text) + "(";
  bool is_void = rp == lp + 2 && s.is(lp + 1, "void");
  if (!is_void && rp > lp + 1) {
    bool first = true;
    for (auto [b, e] : csrc::split_top_level(s, lp + 1, rp, ",")) {
      if (implicit_args && is_implicit(s, b, e)) break;  // resolve_btfids keeps the parameters before it
      out += (first ? "" : ", ") + param_text(s, b, e);
      first = false;
    }
  }
  return out + ")";
}

}  // namespace ksince
