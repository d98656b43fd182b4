#include "facts/identifier_defs.h"

#include <algorithm>
#include <array>
#include <unordered_set>

#include "facts/c_source.h"
#include "facts/c_words.h"
#include "scan/identifier_words.h"

namespace ksince {

namespace {

constexpr std::array<std::string_view, kDefKinds> kKindNames = {
    "function", "macro", "struct", "union", "enum", "enumerator", "typedef",
    "variable", "export", "syscall", "tracepoint", "kconfig", "asm"};

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }


// The identifier at the start of s (after spaces), or "".
std::string_view leading_ident(std::string_view s) {
  size_t b = 0;
  while (b < s.size() && (s[b] == ' ' || s[b] == '\t')) b++;
  size_t e = b;
  while (e < s.size() && is_word_byte(static_cast<unsigned char>(s[e]))) e++;
  if (e == b || (s[b] >= '0' && s[b] <= '9')) return {};
  return s.substr(b, e - b);
}

// The DEFINE_ (and DECLARE_) macros whose first argument is the object they
// define at file scope. Many
// other DEFINE_ macros paste their argument into other names
// (DEFINE_SHOW_ATTRIBUTE(x) defines x_fops) or take a type first: only
// these are read (docs/identifiers.md lists them).
const std::unordered_set<std::string_view>& define_first_arg() {
  static const std::unordered_set<std::string_view> macros = {
      "DEFINE_MUTEX", "DEFINE_SPINLOCK", "DEFINE_RAW_SPINLOCK", "DEFINE_RWLOCK", "DEFINE_SEMAPHORE",
      "DEFINE_SEQLOCK", "DEFINE_IDA", "DEFINE_IDR", "DEFINE_XARRAY", "DEFINE_XARRAY_ALLOC", "DEFINE_XARRAY_ALLOC1",
      "DEFINE_XARRAY_FLAGS", "DEFINE_STATIC_KEY_FALSE", "DEFINE_STATIC_KEY_TRUE", "DEFINE_STATIC_KEY_FALSE_RO",
      "DEFINE_STATIC_KEY_TRUE_RO", "DEFINE_STATIC_KEY_ARRAY_FALSE", "DEFINE_STATIC_KEY_ARRAY_TRUE",
      "DEFINE_SRCU", "DEFINE_STATIC_SRCU", "DEFINE_HASHTABLE", "DEFINE_READ_MOSTLY_HASHTABLE",
      "DEFINE_RATELIMIT_STATE", "DEFINE_PERCPU_RWSEM", "DEFINE_STATIC_PERCPU_RWSEM", "DEFINE_WW_CLASS",
      "DEFINE_WD_CLASS", "DEFINE_KFIFO", "DEFINE_LLIST", "DEFINE_KLIST", "DEFINE_STATIC_CALL",
      "DEFINE_STATIC_CALL_NULL", "DEFINE_STATIC_CALL_RET0", "DEFINE_WAIT_FUNC", "DEFINE_TIMER",
      // DECLARE_ macros that define, at file scope, despite their name
      "DECLARE_RWSEM", "DECLARE_WORK", "DECLARE_DELAYED_WORK", "DECLARE_WAIT_QUEUE_HEAD", "DECLARE_COMPLETION",
      "DECLARE_BITMAP", "DECLARE_TASKLET"};
  return macros;
}

// Definitions of the C reader, over the tokens of one file.
class CReader {
 public:
  CReader(const csrc::Source& s, std::vector<Definition>& out, std::vector<Shape>* shapes)
      : s_(s), out_(out), shapes_(shapes) {}

  void file_scope(size_t b, size_t e) {
    size_t i = b;
    while (i < e) i = declaration(i, e);
  }

 private:
  const csrc::Token& tok(size_t i) const { return s_.toks[i]; }
  bool is(size_t i, std::string_view t) const { return s_.is(i, t); }
  bool ident(size_t i) const { return s_.ident(i); }
  size_t match(size_t i) const { return tok(i).match > static_cast<int32_t>(i) ? static_cast<size_t>(tok(i).match) : i; }
  void add(std::string_view name, DefKind k, uint32_t line) { out_.push_back({std::string(name), k, line}); }
  void add(size_t i, DefKind k) { add(tok(i).text, k, tok(i).line); }
  // A definition's shape, only when asked for (they cost reading time).
  template <class Make>
  void shape(size_t i, ShapeKind k, Make make) {
    if (shapes_) shapes_->push_back({std::string(tok(i).text), k, tok(i).line, make()});
  }

  // Reads one file-scope declaration (or function definition) from b;
  // returns where the next one starts.
  size_t declaration(size_t b, size_t e) {
    if (is(b, ";")) return b + 1;
    // extern "C" { ... }: its inside is file scope (headers open it under
    // #ifdef __cplusplus, and every branch is read).
    if (is(b, "extern") && b + 2 < e && tok(b + 1).kind == csrc::TokKind::String && is(b + 2, "{")) {
      size_t close = match(b + 2);
      if (close == b + 2) return e;
      file_scope(b + 3, close);
      return close + 1;
    }
    if (is(b, "}") || is(b, ")") || is(b, "]")) return b + 1;  // stray closer
    // Definitions made by well-known macros (static DEFINE_SPINLOCK(x)).
    size_t m = b;
    while (m < e && (is(m, "static") || is(m, "extern")) && !is(m + 1, "(")) m++;
    if (ident(m) && is(m + 1, "(")) {
      size_t close = match(m + 1);
      if (close > m + 1 && definition_macro(m, m + 2, close)) {
        size_t next = close + 1;
        if (is(next, "{")) return match(next) + 1;  // SYSCALL_DEFINE / BPF_CALL bodies
        return next;
      }
      // A macro call that is a statement of its own, with no semicolon
      // (BTF_ID_LIST_SINGLE(...) on its line, a declaration on the next).
      if (m == b && close > m + 1 && close + 1 < e && ident(close + 1) && tok(close + 1).line > tok(close).line)
        return close + 1;
    }
    std::vector<size_t> calls;  // ident positions followed by "(" at this level
    bool is_typedef = false, is_extern = false, saw_eq = false;
    size_t i = b;
    for (; i < e; i++) {
      const csrc::Token& t = tok(i);
      if (t.text == ";") {
        finish(b, i, is_typedef, is_extern);
        return i + 1;
      }
      if (t.text == "typedef") is_typedef = true;
      if (t.text == "extern" && !saw_eq) is_extern = true;
      if (t.text == "=") saw_eq = true;
      if (t.text == "(" || t.text == "[") {
        if (t.text == "(" && i > b && ident(i - 1) && !saw_eq) calls.push_back(i - 1);
        i = match(i);
        continue;
      }
      if (t.text == "{") {
        size_t close = match(i);
        if (close == i) return e;  // unbalanced: nothing more to read safely
        // struct/union/enum NAME { or an anonymous one.
        if (size_t w = tag_of(b, i); w != SIZE_MAX) {
          record_tag(w, i, close);
          i = close;
          continue;
        }
        if (saw_eq) {  // an initializer
          i = close;
          continue;
        }
        // A function body: a name called at this level, not an annotation.
        if (size_t f = function_name(calls); f != SIZE_MAX && !is_typedef) {
          add(f, DefKind::Function);
          shape(f, ShapeKind::Function, [&] { return function_shape(s_, b, f); });
          nested_tags(i + 1, close);
          return close + 1;
        }
        i = close;  // something else with braces (a macro's block): passed over
        continue;
      }
    }
    return e;
  }

  bool tag_word(size_t i) const { return is(i, "struct") || is(i, "union") || is(i, "enum"); }

  // The struct/union/enum word the braces at `open` belong to, or SIZE_MAX:
  // `struct NAME {`, `struct {`, and attributes between them
  // (`struct __packed NAME {`, `struct __attribute__((x)) NAME {`).
  size_t tag_of(size_t b, size_t open) const {
    size_t k = open;
    while (k > b) {
      k--;
      if (tag_word(k)) return k;
      if (is(k, ")")) {  // an attribute's arguments
        size_t m = static_cast<size_t>(std::max<int32_t>(tok(k).match, 0));
        if (m >= k || m <= b || !ident(m - 1) || !is_attribute_call(tok(m - 1).text)) return SIZE_MAX;
        k = m - 1;
        continue;
      }
      if (!ident(k)) return SIZE_MAX;
      bool name_slot = k + 1 == open;  // the tag's name, if any, comes right before the brace
      if (!name_slot && !starts_with(tok(k).text, "__")) return SIZE_MAX;
    }
    return SIZE_MAX;
  }

  // The braces at `open` belong to the tag word at w: its name (if any) is
  // the identifier right before the brace, unless that is an attribute.
  void record_tag(size_t w, size_t open, size_t close) {
    DefKind k = is(w, "struct") ? DefKind::Struct : is(w, "union") ? DefKind::Union : DefKind::Enum;
    if (open - 1 > w && ident(open - 1) && !is_annotation(tok(open - 1).text)) {
      add(open - 1, k);
      shape(open - 1, k == DefKind::Struct ? ShapeKind::Struct : k == DefKind::Union ? ShapeKind::Union : ShapeKind::Enum,
            [&] { return k == DefKind::Enum ? enum_shape(s_, open, close) : members_shape(s_, open, close); });
    }
    if (k == DefKind::Enum)
      enumerators(open + 1, close);
    else
      nested_tags(open + 1, close);
  }

  void enumerators(size_t b, size_t e) {
    for (auto [pb, pe] : csrc::split_top_level(s_, b, e, ","))
      if (pb < pe && ident(pb) && !is(pb + 1, "(")) add(pb, DefKind::Enumerator);
  }

  // Tags with a body inside a struct, union or function body.
  void nested_tags(size_t b, size_t e) {
    for (size_t i = b; i < e; i++) {
      if (!is(i, "{")) continue;
      size_t close = match(i);
      if (close == i) return;
      if (size_t w = tag_of(b, i); w != SIZE_MAX) {
        record_tag(w, i, close);
        i = close;
      }
    }
  }

  // The function's name: the last name called at the declaration's level
  // that is not an annotation, nor a `__` call right after a `)` (a trailing
  // attribute): `static __always_inline __realloc_size(2) void *
  // __do_krealloc(...)` -> __do_krealloc, `void f(void) __releases(x) {` -> f.
  size_t function_name(const std::vector<size_t>& calls) const {
    for (size_t k = calls.size(); k-- > 0;) {
      size_t c = calls[k];
      std::string_view n = tok(c).text;
      if (is_attribute_call(n) || is_c_keyword(n)) continue;
      if (starts_with(n, "__") && c > 0 && is(c - 1, ")") && k > 0) continue;
      return c;
    }
    return SIZE_MAX;
  }

  // A declaration ended by ";" at b..semi: typedef names, variables.
  void finish(size_t b, size_t semi, bool is_typedef, bool is_extern) {
    if (is(b, "static_assert") || is(b, "_Static_assert") || is(b, "asm") || is(b, "__asm__")) return;
    if (shapes_ && !is_typedef) prototype(b, semi);
    if (is_extern && !is_typedef) return;
    size_t base_end = SIZE_MAX;  // `int a, *b;`: where the type the declarators share ends
    for (auto [db_, de_] : declarators(b, semi)) {
      const size_t db = db_, de = de_;  // a lambda cannot capture a structured binding
      size_t n = declarator_name(db, de, db == b, is_typedef);
      if (db == b) base_end = n;
      if (n == SIZE_MAX) continue;
      add(n, is_typedef ? DefKind::Typedef : DefKind::Variable);
      shape(n, is_typedef ? ShapeKind::Typedef : ShapeKind::Variable, [&] {
        if (db == b) return declared_type(s_, b, de, n);
        size_t e = base_end;
        while (e > b && e != SIZE_MAX && (is(e - 1, "*") || is(e - 1, "("))) e--;
        return e == SIZE_MAX ? declared_type(s_, db, de, n)
                             : declared_type(s_, b, e, SIZE_MAX) + " " + declared_type(s_, db, de, n);
      });
    }
  }

  // A function's declaration: `[extern] T name(...)` with a type before the
  // name (a macro call at file scope has none: `module_init(f);`).
  void prototype(size_t b, size_t semi) {
    size_t de = declarators(b, semi).front().second;
    for (size_t i = b + 1; i < de; i++) {
      if (is(i, "[") || is(i, "{") || is(i, "=") || is(i, ":")) return;
      if (!is(i, "(")) continue;
      size_t n = i - 1;
      if (!ident(n) || is_attribute_call(tok(n).text) || is_c_keyword(tok(n).text) || match(i) == i) return;
      if (!preceded_by_type(b, n)) return;
      add_prototype(b, n);
      return;
    }
  }

  bool preceded_by_type(size_t b, size_t n) const {
    for (size_t k = b; k < n; k++)
      if (ident(k) && (!is_annotation(tok(k).text) || tag_word(k)) && !is(k, "extern")) return true;
    return false;
  }

  void add_prototype(size_t b, size_t n) {
    shape(n, ShapeKind::Prototype, [&] { return function_shape(s_, b, n); });
  }

  // The declarators of b..e: split at the commas outside (), [] and {}
  // (an initializer's or a struct body's commas are not declarators').
  std::vector<std::pair<size_t, size_t>> declarators(size_t b, size_t e) const {
    std::vector<std::pair<size_t, size_t>> parts;
    size_t start = b;
    for (size_t i = b; i < e; i++) {
      if (is(i, "(") || is(i, "[") || is(i, "{")) {
        i = match(i);
        continue;
      }
      if (is(i, ",")) {
        parts.push_back({start, i});
        start = i + 1;
      }
    }
    parts.push_back({start, e});
    return parts;
  }

  // The name a declarator declares, SIZE_MAX for none (a prototype, a macro
  // call, a forward declaration). `first` is true for the declarator that
  // carries the type.
  size_t declarator_name(size_t b, size_t e, bool first, bool is_typedef) const {
    // Up to the initializer or the bit field.
    size_t end = e;
    for (size_t i = b; i < e; i++) {
      if (is(i, "(") || is(i, "[") || is(i, "{")) {
        i = match(i);
        continue;
      }
      if (is(i, "=") || is(i, ":")) {
        end = i;
        break;
      }
    }
    size_t name = SIZE_MAX, words = 0;
    for (size_t i = b; i < end; i++) {
      const csrc::Token& t = tok(i);
      if (t.text == "(") {
        size_t close = match(i);
        // (name)(...): a function type (typedef int (fn_t)(int);).
        if (ident(i + 1) && is(i + 2, ")") && is(i + 3, "(") && !is_attribute_call(tok(i + 1).text) &&
            (is_typedef || !(i > b && ident(i - 1) && !is_c_keyword(tok(i - 1).text) &&
                             !is_annotation(tok(i - 1).text))))
          return i + 1;
        // (*name)(...): a pointer to a function or an array.
        if (is(i + 1, "*")) {
          size_t k = i + 1;
          while (k < close && (is(k, "*") || (ident(k) && is_annotation(tok(k).text)))) k++;
          if (k < close && ident(k)) return k;
          return SIZE_MAX;
        }
        // name(...): a prototype, or a macro call at file scope; in a
        // typedef, a function type (typedef int fn_t(int);).
        if (i > b && ident(i - 1) && !is_attribute_call(tok(i - 1).text)) {
          if (!is_typedef) return SIZE_MAX;
          if (name == i - 1 && match(i) + 1 >= end) return i - 1;
          i = match(i);  // a macro making the type: typedef DEFINE_X(a, b) name;
          continue;
        }
        i = close;
        continue;
      }
      if (t.text == "[") {
        i = match(i);
        continue;
      }
      if (t.text == "{") {  // struct S { } name: the body was read already, and is the type
        i = match(i);
        words++;
        continue;
      }
      if (t.kind != csrc::TokKind::Ident) continue;
      if (is_annotation(t.text) || tag_word(i)) continue;
      // An annotation after an array or a parenthesised declarator:
      // `page[PAGE_SIZE] __bss_pgtbl`.
      if (name != SIZE_MAX && starts_with(t.text, "__") && (is(i - 1, "]") || is(i - 1, ")"))) continue;
      // An attribute after the name: `x __guarded_by(&lock)`, `x __section(".d")`.
      // (In a typedef, `__name(` is the function type's name: typedef int __fn_t(int);.)
      if (is(i + 1, "(") &&
          (is_attribute_call(t.text) || (!is_typedef && name != SIZE_MAX && starts_with(t.text, "__")))) {
        i = match(i + 1);
        continue;
      }
      words++;
      if (!is_c_keyword(t.text)) name = i;
    }
    // A lone word is a type's or a macro's, not a declaration: `foo;`.
    // Later declarators share the first one's type: `int a, b;`.
    if (name == SIZE_MAX) return SIZE_MAX;
    if (first && words < 2 && !preceded_by_type_word(b, name)) return SIZE_MAX;
    // struct foo; declares the tag only.
    if (first && name > b && tag_word(name - 1)) return SIZE_MAX;
    return name;
  }

  bool preceded_by_type_word(size_t b, size_t name) const {
    for (size_t i = b; i < name; i++)
      if (ident(i) && is_c_keyword(tok(i).text) && !is_annotation(tok(i).text)) return true;
    return false;
  }

  // The n-th argument (0-based) of a call whose "(" is at open-1: its last
  // identifier (DEFINE_PER_CPU(struct foo, name) -> name).
  size_t arg_ident(size_t args_b, size_t close, size_t n, bool last_ident) const {
    auto parts = csrc::split_top_level(s_, args_b, close, ",");
    if (n >= parts.size()) return SIZE_MAX;
    auto [pb, pe] = parts[n];
    if (pb >= pe) return SIZE_MAX;
    if (!last_ident) return pe == pb + 1 && ident(pb) ? pb : SIZE_MAX;
    for (size_t i = pe; i-- > pb;)
      if (ident(i)) return i;
    return SIZE_MAX;
  }

  // The kernel's definition macros; true if b names one (and it was read).
  bool definition_macro(size_t b, size_t args_b, size_t close) {
    std::string_view m = tok(b).text;
    uint32_t line = tok(b).line;
    auto first = [&] { return arg_ident(args_b, close, 0, false); };
    if (starts_with(m, "EXPORT_") && m.find("SYMBOL") != std::string_view::npos) {
      if (size_t a = first(); a != SIZE_MAX) {
        add(a, DefKind::Export);
        shape(a, ShapeKind::Export, [&] {  // the macro, and a namespace's argument
          auto args = csrc::split_top_level(s_, args_b, close, ",");
          return std::string(m) + (args.size() > 1 ? " " + s_.text(args[1].first, args[1].second) : "");
        });
      }
      return true;
    }
    if (starts_with(m, "COMPAT_SYSCALL_DEFINE") || starts_with(m, "SYSCALL_DEFINE")) {
      bool compat = m[0] == 'C';
      if (m.size() != (compat ? 22u : 15u) || m.back() < '0' || m.back() > '6') return false;
      if (size_t a = first(); a != SIZE_MAX) {
        std::string n(tok(a).text);
        add((compat ? "compat_sys_" : "sys_") + n, DefKind::Function, tok(a).line);
        add(n, DefKind::Syscall, tok(a).line);
      }
      return true;
    }
    if (starts_with(m, "BPF_CALL_") && m.size() == 10 && m[9] >= '0' && m[9] <= '5') {
      if (size_t a = first(); a != SIZE_MAX) add(a, DefKind::Function);
      return true;
    }
    if (m == "TRACE_EVENT" || m == "TRACE_EVENT_CONDITION" || m == "TRACE_EVENT_FN" || m == "TRACE_EVENT_FN_COND") {
      if (size_t a = first(); a != SIZE_MAX) add("trace_" + std::string(tok(a).text), DefKind::Tracepoint, line);
      return true;
    }
    if (starts_with(m, "DEFINE_EVENT")) {  // DEFINE_EVENT(class, name, ...) and its _FN, _PRINT, _CONDITION
      if (size_t a = arg_ident(args_b, close, 1, false); a != SIZE_MAX)
        add("trace_" + std::string(tok(a).text), DefKind::Tracepoint, line);
      return true;
    }
    if (starts_with(m, "DEFINE_") && m.find("PER_CPU") != std::string_view::npos) {  // DEFINE_*PER_CPU*(type, name)
      if (size_t a = arg_ident(args_b, close, 1, true); a != SIZE_MAX) add(a, DefKind::Variable);
      return true;
    }
    if (define_first_arg().count(m) && !is(close + 1, "{")) {  // DEFINE_MUTEX(name), DEFINE_SPINLOCK(name), ...
      if (size_t a = first(); a != SIZE_MAX) add(a, DefKind::Variable);
      return true;
    }
    return false;
  }

  const csrc::Source& s_;
  std::vector<Definition>& out_;
  std::vector<Shape>* shapes_;
};

// Line readers (assembly, device trees, Kconfig): `#define` lines and code
// under `#if 0` alike, and the syntax's own definitions.
class LineReader {
 public:
  LineReader(DefSyntax syntax, std::vector<Definition>& out, std::vector<Shape>* shapes)
      : syntax_(syntax), out_(out), shapes_(shapes) {}

  void read(std::string_view text) {
    uint32_t line = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
      size_t nl = text.find('\n', pos);
      std::string_view l = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
      line++;
      one_line(strip_comments(l), line);
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
  }

 private:
  // The line without /* */ comments (which may span lines), for C-like syntaxes.
  std::string strip_comments(std::string_view l) {
    std::string out;
    if (syntax_ == DefSyntax::Kconfig) return std::string(l);
    for (size_t i = 0; i < l.size(); i++) {
      if (in_comment_) {
        if (l[i] == '*' && i + 1 < l.size() && l[i + 1] == '/') {
          in_comment_ = false;
          i++;
        }
        continue;
      }
      if (l[i] == '/' && i + 1 < l.size() && l[i + 1] == '*') {
        in_comment_ = true;
        i++;
        out += ' ';
        continue;
      }
      out += l[i];
    }
    return out;
  }

  void one_line(std::string_view l, uint32_t line) {
    size_t k = 0;
    while (k < l.size() && (l[k] == ' ' || l[k] == '\t')) k++;
    std::string_view rest = l.substr(k);
    if (syntax_ == DefSyntax::Kconfig) {
      kconfig(rest, line);
      return;
    }
    if (!rest.empty() && rest[0] == '#') {
      directive(rest.substr(1), line);
      return;
    }
    if (dead_depth_ > 0) return;
    if (syntax_ == DefSyntax::Asm) asm_line(rest, line);
  }

  void directive(std::string_view d, uint32_t line) {
    std::string_view word = leading_ident(d);
    std::string_view arg = d.substr(d.find(word) + word.size());
    if (word == "if" || word == "ifdef" || word == "ifndef") {
      if (dead_depth_ > 0)
        dead_depth_++;
      else if (word == "if" && leading_ident(arg).empty() && arg.find_first_not_of(" \t") != std::string_view::npos &&
               arg[arg.find_first_not_of(" \t")] == '0')
        dead_depth_ = 1;
      return;
    }
    if (word == "endif") {
      if (dead_depth_ > 0) dead_depth_--;
      return;
    }
    if ((word == "else" || word == "elif") && dead_depth_ == 1) {
      dead_depth_ = 0;  // the #if 0's other branch is live
      return;
    }
    if (word == "define" && dead_depth_ == 0) {
      std::string_view n = leading_ident(arg);
      if (!n.empty()) out_.push_back({std::string(n), DefKind::Macro, line});
    }
  }

  void asm_line(std::string_view l, uint32_t line) {
    std::string_view m = leading_ident(l);
    bool sym = starts_with(m, "SYM_FUNC_START") || starts_with(m, "SYM_CODE_START");
    if (!sym && m != "ENTRY") return;
    std::string_view after = l.substr(m.size());
    size_t k = 0;
    while (k < after.size() && (after[k] == ' ' || after[k] == '\t')) k++;
    if (k >= after.size() || after[k] != '(') return;
    std::string_view n = leading_ident(after.substr(k + 1));
    if (!n.empty()) out_.push_back({std::string(n), DefKind::Asm, line});
  }

  void kconfig(std::string_view l, uint32_t line) {
    std::string_view w = leading_ident(l);
    if (w != "config" && w != "menuconfig") return kconfig_type(w);
    open_entry_ = SIZE_MAX;
    std::string_view rest = l.substr(w.size());
    if (rest.empty() || (rest[0] != ' ' && rest[0] != '\t')) return;
    std::string_view n = leading_ident(rest);
    if (n.empty()) return;
    out_.push_back({"CONFIG_" + std::string(n), DefKind::Kconfig, line});
    if (!shapes_) return;
    open_entry_ = shapes_->size();
    shapes_->push_back({out_.back().name, ShapeKind::Kconfig, line, ""});
  }

  // The entry's type: its first `bool`, `tristate`, `def_bool`, ... line,
  // before any other entry starts.
  void kconfig_type(std::string_view w) {
    static const std::unordered_set<std::string_view> entries = {"menu", "endmenu", "choice", "endchoice", "if",
                                                                 "endif", "source", "comment", "mainmenu"};
    if (open_entry_ == SIZE_MAX) return;
    if (entries.count(w)) {
      open_entry_ = SIZE_MAX;
      return;
    }
    std::string_view type = starts_with(w, "def_") ? w.substr(4) : w;
    if (type == "bool" || type == "tristate" || type == "string" || type == "int" || type == "hex") {
      (*shapes_)[open_entry_].text = std::string(type);
      open_entry_ = SIZE_MAX;
    }
  }

  DefSyntax syntax_;
  std::vector<Definition>& out_;
  std::vector<Shape>* shapes_;
  size_t open_entry_ = SIZE_MAX;  // the Kconfig entry whose type is not read yet
  bool in_comment_ = false;
  int dead_depth_ = 0;  // > 0: inside an #if 0 (nesting below it)
};

}  // namespace

std::string_view def_kind_name(DefKind k) { return kKindNames[static_cast<size_t>(k)]; }

bool def_kind_of(std::string_view name, DefKind& out) {
  for (size_t i = 0; i < kKindNames.size(); i++)
    if (kKindNames[i] == name) {
      out = static_cast<DefKind>(i);
      return true;
    }
  return false;
}

DefSyntax def_syntax_of(std::string_view path) {
  std::string_view base = path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  auto ends = [&](std::string_view s) { return base.size() >= s.size() && base.substr(base.size() - s.size()) == s; };
  if (ends(".c") || ends(".h")) return DefSyntax::C;
  if (ends(".S")) return DefSyntax::Asm;
  if (ends(".dts") || ends(".dtsi")) return DefSyntax::DeviceTree;
  if (starts_with(base, "Kconfig")) return DefSyntax::Kconfig;
  return DefSyntax::None;
}

std::vector<Definition> find_definitions(DefSyntax syntax, std::string_view text, std::vector<Shape>* shapes) {
  std::vector<Definition> out;
  if (syntax == DefSyntax::C) {
    thread_local csrc::Source s;
    csrc::tokenize(text, s);
    for (const csrc::Define& d : s.defines) {
      out.push_back({d.name, DefKind::Macro, d.line});
      if (shapes && d.params >= 0) shapes->push_back({d.name, ShapeKind::FnMacro, d.line, macro_shape(d.params, d.variadic)});
    }
    CReader(s, out, shapes).file_scope(0, s.toks.size());
    // Kept for the next file, unless a huge one (generated register
    // headers run to millions of tokens) made it big.
    if (s.toks.capacity() > (size_t(1) << 18)) s = csrc::Source();
  } else if (syntax != DefSyntax::None) {
    LineReader(syntax, out, shapes).read(text);
  }
  return out;
}

}  // namespace ksince
