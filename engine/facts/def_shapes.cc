#include "facts/def_shapes.h"

#include <array>
#include <charconv>
#include <optional>
#include <unordered_set>
#include <vector>

#include "facts/c_source.h"
#include "facts/c_words.h"
#include "store/fingerprint.h"

namespace ksince {

namespace {

constexpr std::array<std::string_view, kShapeKinds> kNames = {
    "function", "function-like macro", "object-like macro", "struct", "union", "enum",
    "typedef",  "variable",            "export",            "Kconfig option",   "function"};

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Words the compiler never sees in a type, or that say where and how a
// definition lives rather than what it is: storage, inlining, sections.
bool decoration(std::string_view w) {
  static const std::unordered_set<std::string_view> words = {
      "static",      "inline",      "extern",     "register",   "__inline",      "__inline__", "__always_inline",
      "noinline",    "notrace",     "__bpf_kfunc", "__weak",    "__used",        "__cold",     "__init",
      "__exit",      "__noinline",  "__must_check", "__visible", "asmlinkage",   "__nocfi",    "__sched",
      "__kprobes",   "__noreturn",  "noinstr",    "__flatten",  "__attribute_const__", "__pure", "__net_init",
      "__net_exit",  "__meminit",   "__ref",      "__malloc",   "__init_or_module", "__always_used", "typedef"};
  return words.count(w) > 0 || (is_annotation(w) && !is_qualifier(w)) || is_sparse_annotation(w);
}

bool tag_word(std::string_view w) { return w == "struct" || w == "union" || w == "enum"; }

// Tokens [b, e) split at `op` outside every kind of bracket.
std::vector<std::pair<size_t, size_t>> split_outside(const csrc::Source& s, size_t b, size_t e, std::string_view op) {
  return csrc::split_top_level(s, b, e, op, true);
}

size_t closer(const csrc::Source& s, size_t i) {
  int32_t m = s.toks[i].match;
  return m > static_cast<int32_t>(i) ? static_cast<size_t>(m) : i;
}
size_t opener(const csrc::Source& s, size_t i) {
  int32_t m = s.toks[i].match;
  return m >= 0 && m < static_cast<int32_t>(i) ? static_cast<size_t>(m) : i;
}

// The name a parameter or member declarator [b, e) declares, or SIZE_MAX
// (`int`, `struct sock *`, an anonymous bit field): a function pointer's
// inside `(*name)(...)`, else the last identifier that is not part of the
// type, once bit width, array bounds and trailing attributes are set aside.
// A declarator after the first (`int a, b`) may be its name alone.
size_t declarator_name(const csrc::Source& s, size_t b, size_t e, bool later = false) {
  for (auto [pb, pe] : split_outside(s, b, e, ":")) {  // a bit field's width
    e = pe;
    break;
  }
  for (size_t i = b; i < e; ++i)
    if (s.is(i, "(") && closer(s, i) + 1 < e && s.is(closer(s, i) + 1, "(") && s.is(i + 1, "*")) {
      for (size_t k = closer(s, i); k-- > i;)
        if (s.ident(k) && !is_annotation(s.toks[k].text)) return k;
      return SIZE_MAX;
    }
  while (e > b + 1) {
    const std::string_view last = s.toks[e - 1].text;
    if (last == "]") {
      e = opener(s, e - 1);
    } else if (last == ")" && opener(s, e - 1) > b && s.ident(opener(s, e - 1) - 1) &&
               (is_attribute_call(s.toks[opener(s, e - 1) - 1].text) ||
                starts_with(s.toks[opener(s, e - 1) - 1].text, "__"))) {
      e = opener(s, e - 1) - 1;  // `x __counted_by(n)`, `x __aligned(8)`
    } else if (s.ident(e - 1) && decoration(last)) {
      e--;  // `page[N] __aligned_largest`
    } else {
      break;
    }
  }
  if (later && e == b + 1 && s.ident(b) && !decoration(s.toks[b].text)) return b;
  if (e <= b + 1 || !s.ident(e - 1) || is_int_word(s.toks[e - 1].text) || is_qualifier(s.toks[e - 1].text) ||
      decoration(s.toks[e - 1].text) || tag_word(s.toks[e - 2].text) || s.toks[e - 1].text == "void")
    return SIZE_MAX;
  for (size_t i = b; i + 1 < e; ++i)  // `const u64` declares nothing: a name needs a type before it
    if (!is_qualifier(s.toks[i].text) && !decoration(s.toks[i].text)) return e - 1;
  return SIZE_MAX;
}

void members(const csrc::Source& s, size_t b, size_t e, const std::string& prefix, std::string& out);
std::string enum_body(const csrc::Source& s, size_t open, size_t close);

// Writes a type from tokens: decorations and attribute calls out, integer
// types by GCC's names, each nested parameter list's names out, one space
// between words and none inside brackets; a struct, union or enum body as
// its members (`struct { int a; long b; }`) or constants (`enum { A = 0 }`).
class TypeWriter {
 public:
  explicit TypeWriter(const csrc::Source& s) : s_(s) {}

  // Tokens [b, e) without the one at `skip` (the declared name).
  void range(size_t b, size_t e, size_t skip) {
    bool have_type = false;  // after a whole type, a plain word is an attribute macro (`void __sched f`)
    for (size_t i = b; i < e;) {
      const csrc::Token& t = s_.toks[i];
      if (i == skip) {
        i++;
      } else if (t.kind == csrc::TokKind::Ident) {
        i = word(i, e, have_type);
      } else if (t.text == "(") {
        i = group(i, skip, b);
      } else if (t.text == "{" && closer(s_, i) > i) {
        body(i);
        i = closer(s_, i) + 1;
      } else if (t.text == "[" && closer(s_, i) > i) {
        put("[");
        range(i + 1, closer(s_, i), skip);
        put("]");
        i = closer(s_, i) + 1;
      } else {
        put(t.text);
        i++;
      }
    }
  }

  std::string take() { return std::move(out_); }

 private:
  // The braces at `open`: an enum's constants, else members as declarations.
  void body(size_t open) {
    size_t close = closer(s_, open), w = open;
    while (w > 0 && s_.ident(w - 1) && !(s_.is(w - 1, "struct") || s_.is(w - 1, "union") || s_.is(w - 1, "enum"))) w--;
    put("{");
    if (w > 0 && s_.is(w - 1, "enum")) {
      put(enum_body(s_, open, close));
    } else {
      std::string lines;
      members(s_, open + 1, close, "", lines);
      size_t at = 0;
      while (at < lines.size()) {  // "name\ttype[\tcond]" -> "type name;"
        size_t nl = std::min(lines.find('\n', at), lines.size());
        std::string line = lines.substr(at, nl - at);
        size_t tab = line.find('\t'), tab2 = line.find('\t', tab == std::string::npos ? tab : tab + 1);
        std::string name = line.substr(0, tab);
        std::string type = tab == std::string::npos ? "" : line.substr(tab + 1, tab2 == std::string::npos ? std::string::npos : tab2 - tab - 1);
        put(type.empty() ? name + ";" : type + " " + name + ";");
        at = nl + 1;
      }
    }
    put("}");
  }

  size_t word(size_t i, size_t e, bool& have_type) {
    std::string_view w = s_.toks[i].text;
    if (s_.is(i + 1, "(") && closer(s_, i + 1) > i + 1 && (is_attribute_call(w) || starts_with(w, "__")) &&
        w != "__typeof__" && w != "__typeof" && w != "typeof")
      return closer(s_, i + 1) + 1;
    if (decoration(w)) return i + 1;
    if (is_qualifier(w)) {
      put(w.substr(0, 2) == "__" ? "restrict" : w);
      return i + 1;
    }
    if (is_int_word(w)) {
      std::vector<std::string_view> run;
      size_t j = i;
      for (; j < e && s_.ident(j) && (is_int_word(s_.toks[j].text) || decoration(s_.toks[j].text) ||
                                      is_qualifier(s_.toks[j].text));
           j++)
        if (is_int_word(s_.toks[j].text)) run.push_back(s_.toks[j].text);
        else if (is_qualifier(s_.toks[j].text)) put(s_.toks[j].text);
      put(integer_name(run));
      have_type = true;
      return j;
    }
    if (tag_word(w)) {
      put(w);
      if (s_.ident(i + 1) && !decoration(s_.toks[i + 1].text)) put(s_.toks[i + 1].text), i++;
      have_type = true;
      return i + 1;
    }
    if (have_type) return i + 1;
    put(w);
    have_type = true;
    return i + 1;
  }

  // "(" at i: a parameter list (after ")" or a name), written with each
  // parameter's name out; else a declarator's grouping.
  size_t group(size_t i, size_t skip, size_t b) {
    size_t close = closer(s_, i);
    if (close == i) {
      put("(");
      return i + 1;
    }
    bool params = i > b && (s_.is(i - 1, ")") || i - 1 == skip);
    put("(");
    if (params) {
      bool first = true;
      for (auto [pb, pe] : split_outside(s_, i + 1, close, ",")) {
        if (!first) put(",");
        first = false;
        range(pb, pe, declarator_name(s_, pb, pe));
      }
    } else {
      range(i + 1, close, skip);
    }
    put(")");
    return close + 1;
  }

  void put(std::string_view t) {
    if (t.empty()) return;
    bool tight_after = !out_.empty() && (out_.back() == '(' || out_.back() == '[');
    bool tight_before = t == ")" || t == "]" || t == "," || (t == "(" && !out_.empty() && out_.back() == ')') ||
                        (t == "[" && !out_.empty()) || (t == "." && !out_.empty() && out_.back() == '.');
    if (!out_.empty() && !tight_after && !tight_before) out_ += ' ';
    out_ += t;
  }

  const csrc::Source& s_;
  std::string out_;
};

std::string type_of(const csrc::Source& s, size_t b, size_t e, size_t skip) {
  TypeWriter w(s);
  w.range(b, e, skip);
  return w.take();
}

std::string condition_of(const csrc::Source& s, size_t i) {
  std::string out;
  for (const std::string& c : s.pp_sets[s.toks[i].pp]) out += (out.empty() ? "" : " && ") + c;
  return out;
}

// Tokens joined with a space only between two words: `DECLARE_BITMAP(bits, 8)`.
std::string compact_text(const csrc::Source& s, size_t b, size_t e) {
  std::string out;
  for (size_t i = b; i < e; ++i) {
    bool word = s.toks[i].kind == csrc::TokKind::Ident || s.toks[i].kind == csrc::TokKind::Number;
    if (i > b && word && (s.toks[i - 1].kind == csrc::TokKind::Ident || s.toks[i - 1].kind == csrc::TokKind::Number))
      out += ' ';
    out += s.toks[i].text;
    if (s.toks[i].text == ",") out += ' ';
  }
  return out;
}

void member_line(std::string& out, const std::string& name, const std::string& type, const std::string& cond) {
  if (!out.empty()) out += '\n';
  out += name + '\t' + type;
  if (!cond.empty()) out += '\t' + cond;
}


// The kernel's struct_group() and its kin (linux/stddef.h): which argument
// names the group, and where its members start; {0, 0} for another word.
std::pair<size_t, size_t> struct_group(std::string_view w) {
  if (w == "struct_group" || w == "struct_group_attr") return {0, w == "struct_group" ? 1 : 2};
  if (w == "struct_group_tagged") return {1, 2};
  if (w == "__struct_group") return {1, 3};
  return {0, 0};
}

// One member declaration [b, e) (without its `;`).
void member(const csrc::Source& s, size_t b, size_t e, const std::string& prefix, std::string& out) {
  const std::string cond = condition_of(s, b);
  // struct_group(NAME, MEMBERS...): the members are the struct's own, and
  // NAME a struct of them.
  if (auto [name_arg, first] = struct_group(s.toks[b].text); first && s.is(b + 1, "(") && closer(s, b + 1) > b + 1) {
    auto args = split_outside(s, b + 2, closer(s, b + 1), ",");
    if (args.size() > first) {
      member_line(out, prefix + compact_text(s, args[name_arg].first, args[name_arg].second), "struct_group", cond);
      members(s, args[first].first, closer(s, b + 1), prefix, out);
      return;
    }
  }
  for (size_t k = b; k < e; ++k) {
    if (!s.is(k, "{") || k == b || closer(s, k) == k) continue;
    // A nested struct or union: flattened when anonymous, else its name's.
    size_t w = k - 1;
    while (w > b && !tag_word(s.toks[w].text)) w--;
    const std::string tag = s.ident(k - 1) && k - 1 > w ? std::string(s.toks[k - 1].text) : "";
    const std::string type = std::string(s.toks[w].text) + (tag.empty() ? " {}" : " " + tag);
    std::vector<std::string> names;
    for (auto [db, de] : split_outside(s, closer(s, k) + 1, e, ","))
      if (size_t n = declarator_name(s, db, de, true); n != SIZE_MAX) names.emplace_back(s.toks[n].text);
    if (names.empty()) members(s, k + 1, closer(s, k), prefix, out);
    for (const std::string& n : names) {
      member_line(out, prefix + n, type, cond);
      members(s, k + 1, closer(s, k), prefix + n + ".", out);
    }
    return;
  }
  auto decls = split_outside(s, b, e, ",");
  size_t first_name = declarator_name(s, decls[0].first, decls[0].second);
  if (first_name == SIZE_MAX) {  // a macro making members (`DECLARE_BITMAP(x, 8)`), an unnamed bit field
    member_line(out, prefix + compact_text(s, b, e), "", cond);
    return;
  }
  // `int a, *b;`: the later declarators share the first one's words before its `*`s and name.
  size_t base_end = first_name;
  while (base_end > b && (s.is(base_end - 1, "*") || s.is(base_end - 1, "("))) base_end--;
  member_line(out, prefix + std::string(s.toks[first_name].text), type_of(s, decls[0].first, decls[0].second, first_name),
              cond);
  for (size_t d = 1; d < decls.size(); ++d) {
    size_t n = declarator_name(s, decls[d].first, decls[d].second, true);
    if (n == SIZE_MAX) continue;
    std::string type = type_of(s, b, base_end, SIZE_MAX);
    std::string rest = type_of(s, decls[d].first, decls[d].second, n);
    member_line(out, prefix + std::string(s.toks[n].text), rest.empty() ? type : type + " " + rest, cond);
  }
}

void members(const csrc::Source& s, size_t b, size_t e, const std::string& prefix, std::string& out) {
  for (auto [mb, me] : split_outside(s, b, e, ";"))
    if (mb < me) member(s, mb, me, prefix, out);
}

// A literal's value: decimal, octal or hex digits with C's suffixes.
std::optional<long long> literal(const csrc::Source& s, size_t b, size_t e) {
  bool neg = e == b + 2 && s.is(b, "-");
  if (neg) b++;
  if (e != b + 1 || s.toks[b].kind != csrc::TokKind::Number) return std::nullopt;
  std::string_view t = s.toks[b].text;
  while (!t.empty() && (t.back() == 'u' || t.back() == 'U' || t.back() == 'l' || t.back() == 'L')) t.remove_suffix(1);
  int base = 10;
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) base = 16, t.remove_prefix(2);
  else if (t.size() > 1 && t[0] == '0') base = 8, t.remove_prefix(1);
  unsigned long long v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v, base);
  if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
  return neg ? -static_cast<long long>(v) : static_cast<long long>(v);
}

}  // namespace

std::string_view shape_kind_name(ShapeKind k) { return kNames[static_cast<size_t>(k)]; }

uint64_t shape_hash(ShapeKind kind, std::string_view text) {
  if (kind == ShapeKind::Prototype) kind = ShapeKind::Function;
  return Fingerprint().add(std::string(1, static_cast<char>(kind))).add(text).h;
}

std::string function_shape(const csrc::Source& s, size_t b, size_t name) {
  std::string out = type_of(s, b, name, SIZE_MAX);
  if (!s.is(name + 1, "(") || closer(s, name + 1) == name + 1) return out;
  size_t close = closer(s, name + 1);
  if (close == name + 3 && s.is(name + 2, "void")) return out;  // `(void)`: no parameters
  for (auto [pb, pe] : split_outside(s, name + 2, close, ",")) {
    if (pb == pe) continue;
    out += '\n';
    out += type_of(s, pb, pe, declarator_name(s, pb, pe));
  }
  return out;
}

std::string members_shape(const csrc::Source& s, size_t open, size_t close) {
  std::string out;
  members(s, open + 1, close, "", out);
  return out;
}

namespace {

// `A = 0, B = 1, C`: an enum body's constants on one line.
std::string enum_body(const csrc::Source& s, size_t open, size_t close) {
  std::string lines = enum_shape(s, open, close), out;
  for (char c : lines) out += c == '\n' ? std::string(", ") : c == '\t' ? std::string(" = ") : std::string(1, c);
  return out;
}

}  // namespace

std::string enum_shape(const csrc::Source& s, size_t open, size_t close) {
  std::string out;
  std::optional<long long> next = 0;  // an implicit value follows a known one
  for (auto [b, e] : split_outside(s, open + 1, close, ",")) {
    if (b >= e || !s.ident(b)) continue;
    std::optional<long long> v = next;
    if (s.is(b + 1, "=")) v = literal(s, b + 2, e);
    if (!out.empty()) out += '\n';
    out += s.toks[b].text;
    if (v) out += "\t" + std::to_string(*v);
    next = v ? std::optional<long long>(*v + 1) : std::nullopt;
  }
  return out;
}

std::string declared_type(const csrc::Source& s, size_t b, size_t e, size_t name) {
  for (auto [pb, pe] : split_outside(s, b, e, "=")) {  // the initializer is not the type
    e = pe;
    break;
  }
  return type_of(s, b, e, name);
}

std::string macro_shape(int params, bool variadic) {
  return std::to_string(params) + (variadic ? "\n..." : "");
}

}  // namespace ksince
