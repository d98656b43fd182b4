#include "facts/kfunc_extractor.h"

#include <optional>
#include <set>

#include "facts/c_source.h"
#include "facts/kfunc_filter.h"
#include "facts/kfunc_macros.h"
#include "facts/verifier_checks.h"

namespace ksince {
namespace {

using csrc::Source;
using nlohmann::json;

struct Def {
  size_t start;   // first token of the declaration
  size_t name;    // token of the name
  size_t rparen;  // `)` closing the parameters
  size_t open, close;
};

// Words before a definition's return type that are not part of the C
// signature a reader wants.
const std::set<std::string_view> kStorage = {"static", "inline", "noinline", "__bpf_kfunc", "notrace", "__weak",
                                             "__used", "__maybe_unused", "__always_inline", "__noclone", "extern",
                                             "__init", "__visible", "asmlinkage", "__nocfi"};

std::string signature(const Source& s, const Def& d) {
  size_t b = d.start;
  while (b < d.name) {
    if (kStorage.count(s.toks[b].text)) {
      ++b;
    } else if (s.is(b, "__attribute__") && s.is(b + 1, "(") && s.toks[b + 1].match > 0) {
      b = static_cast<size_t>(s.toks[b + 1].match) + 1;
    } else {
      break;
    }
  }
  return s.text(b, d.rparen + 1);
}

std::vector<std::string> conditions(const Source& s, size_t tok) { return s.pp_sets[s.toks[tok].pp]; }

// The token patterns extract() recognises, by name. Each takes the index of
// the pattern's key token.

// `NAME(...)` at i not followed by `{`: a call or a macro, not a definition.
// Its `)`.
std::optional<size_t> call_without_body(const Source& s, size_t i) {
  if (!s.ident(i) || !s.is(i + 1, "(") || s.toks[i + 1].match <= 0) return std::nullopt;
  size_t close = static_cast<size_t>(s.toks[i + 1].match);
  if (s.is(close + 1, "{")) return std::nullopt;
  return close;
}

bool set_start_macro(std::string_view m) { return m == "BTF_KFUNCS_START" || m == "BTF_SET8_START"; }
bool set_end_macro(std::string_view m) { return m == "BTF_KFUNCS_END" || m == "BTF_SET8_END"; }

// No lower-case letter: a macro, by the kernel's naming.
bool macro_name(std::string_view m) {
  for (char c : m)
    if (c >= 'a' && c <= 'z') return false;
  return true;
}

// `&NAME` at k.
bool address_of_name(const Source& s, size_t k) { return s.is(k, "&") && s.ident(k + 1); }

// `btf_kfunc_id_set NAME = {` with the `{` at i: an id set's initializer.
bool id_set_initializer(const Source& s, size_t i) {
  return i >= 3 && s.is(i - 1, "=") && s.ident(i - 2) && s.is(i - 3, "btf_kfunc_id_set");
}

// `.FIELD =` at k, in an initializer.
bool designator(const Source& s, size_t k) { return s.is(k, ".") && s.ident(k + 1) && s.is(k + 2, "="); }

// `NAME(...) {` with the `{` at i: the token of NAME.
std::optional<size_t> function_body_name(const Source& s, size_t i) {
  if (i < 1 || !s.is(i - 1, ")") || s.toks[i - 1].match <= 0) return std::nullopt;
  size_t lparen = static_cast<size_t>(s.toks[i - 1].match);
  if (lparen < 1 || !s.ident(lparen - 1)) return std::nullopt;
  return lparen - 1;
}

// `register_btf_kfunc_id_set(` at i: its `)`.
std::optional<size_t> registration_call(const Source& s, size_t i) {
  if (s.toks[i].text != "register_btf_kfunc_id_set" || !s.is(i + 1, "(") || s.toks[i + 1].match < 0) return std::nullopt;
  return static_cast<size_t>(s.toks[i + 1].match);
}

// The name at i after a word other than `return`: its definition or a
// declaration (`int register_btf_kfunc_id_set(enum ...`), not a call.
bool declared_at(const Source& s, size_t i) { return i > 0 && s.ident(i - 1) && s.toks[i - 1].text != "return"; }

// A body `{ return COND; }`: the tokens of COND.
std::optional<std::pair<size_t, size_t>> returned_condition(const Source& s, const Def& d) {
  if (!s.is(d.open + 1, "return") || d.close < d.open + 4 || !s.is(d.close - 1, ";")) return std::nullopt;
  for (size_t k = d.open + 2; k + 1 < d.close; ++k)
    if (s.toks[k].text == ";") return std::nullopt;
  return std::make_pair(d.open + 2, d.close - 1);
}

// In a switch: `case NAME:`, `default:`, `return NAME;` at k.
bool case_label(const Source& s, size_t k) { return s.is(k, "case") && s.ident(k + 1) && s.is(k + 2, ":"); }
bool default_label(const Source& s, size_t k) { return s.is(k, "default") && s.is(k + 1, ":"); }
bool return_name(const Source& s, size_t k) { return s.is(k, "return") && s.ident(k + 1) && s.is(k + 2, ";"); }

// `BTF_ID_FLAGS(func, NAME[, KF_A | KF_B])`'s NAME and flags, from its
// arguments after `func`; nullopt when they are not that form.
struct FuncFlags {
  std::string name;
  json flags = json::array();
};
std::optional<FuncFlags> func_flags(const Source& s, const std::vector<std::pair<size_t, size_t>>& args) {
  if (args.size() < 2 || args.size() > 3 || args[1].second != args[1].first + 1 || !s.ident(args[1].first))
    return std::nullopt;
  FuncFlags out{s.text(args[1].first, args[1].second)};
  if (args.size() == 3)
    for (auto [fb, fe] : csrc::split_top_level(s, args[2].first, args[2].second, "|")) {
      if (fe != fb + 1 || !s.ident(fb)) return std::nullopt;
      out.flags.push_back(std::string(s.toks[fb].text));
    }
  return out;
}

// One file read by extract(), phase by phase: the declarations in source
// order (sets, id sets, definitions), the #define'd list macros, the
// registrations, then what the definitions give (signatures, filters, the
// hook table). The phases fill one JSON, the extract cached per blob.
class FileReader {
 public:
  explicit FileReader(std::string_view text) : text_(text), s_(csrc::tokenize(text)) {}

  json read() {
    read_declarations();
    read_list_macros();
    read_registrations();
    read_definitions();
    add_tokenizer_problems();
    return std::move(out_);
  }

 private:
  void unknown(uint32_t line, const std::string& what) { out_["unknowns"].push_back({{"line", line}, {"what", what}}); }

  void read_declarations() {
    for (size_t i = 0; i < s_.toks.size(); ++i) i = read_declaration_at(i);
    if (open_set_)
      unknown((*open_set_)["line"].get<uint32_t>(), "set " + (*open_set_)["name"].get<std::string>() + " without its END");
  }

  // Reads what starts at token i; returns the last token it took. Tracks
  // where the current statement starts: a definition's return type.
  size_t read_declaration_at(size_t i) {
    const csrc::Token& t = s_.toks[i];
    if (t.text == ";" || t.text == "}") {
      stmt_start_ = i + 1;
      return i;
    }
    if (open_set_ && t.kind == csrc::TokKind::Ident && !s_.is(i + 1, "(")) {
      read_list_macro_use(i);
      return i;
    }
    if (auto close = call_without_body(s_, i); close && read_macro_call(i, *close)) {
      stmt_start_ = *close + 1;
      return *close;
    }
    if (t.text == "{" && t.match > 0) {
      read_block(i);
      stmt_start_ = static_cast<size_t>(t.match) + 1;
      return static_cast<size_t>(t.match);
    }
    return i;
  }

  // A list macro inside a set (kfunc_macros.h), expanded by resolve().
  void read_list_macro_use(size_t i) {
    (*open_set_)["uses"].push_back({{"name", std::string(s_.toks[i].text)}, {"line", s_.toks[i].line}, {"kconfig", conditions(s_, i)}});
  }

  // False when the call is not one that ends a declaration.
  bool read_macro_call(size_t i, size_t close) {
    std::string_view m = s_.toks[i].text;
    if (set_start_macro(m) || set_end_macro(m)) {
      read_set_bracket(i, close);
      return true;
    }
    if (m == "BTF_ID_FLAGS") {
      read_id_flags(i, close);
      return true;
    }
    // Another macro without a semicolon (BTF_ID(func, x), DEFINE_X(...))
    // ends what comes before the next declaration.
    return macro_name(m) && s_.ident(close + 1);
  }

  // BTF_KFUNCS_START(S) / BTF_SET8_START(S) opens set S; the _END closes it.
  void read_set_bracket(size_t i, size_t close) {
    std::string_view m = s_.toks[i].text;
    uint32_t line = s_.toks[i].line;
    std::string name = s_.text(i + 2, close);
    if (set_start_macro(m)) {
      if (open_set_)
        unknown(line, std::string(m) + "(" + name + ") inside the open set " + (*open_set_)["name"].get<std::string>());
      out_["sets"].push_back({{"name", name}, {"kind", m == "BTF_KFUNCS_START" ? "kfuncs" : "set8"},
                              {"line", line}, {"funcs", json::array()}});
      open_set_ = &out_["sets"].back();
    } else if (!open_set_ || (*open_set_)["name"] != name) {
      unknown(line, std::string(m) + "(" + name + ") without its START");
    } else {
      open_set_ = nullptr;
    }
  }

  // BTF_ID_FLAGS(func, NAME[, FLAGS]): a member of the open set. Other
  // prefixes (BTF_ID_FLAGS(struct, ...)) are not kfuncs.
  void read_id_flags(size_t i, size_t close) {
    auto args = csrc::split_top_level(s_, i + 2, close, ",");
    if (s_.text(args[0].first, args[0].second) != "func") return;
    uint32_t line = s_.toks[i].line;
    std::optional<FuncFlags> ff = func_flags(s_, args);
    if (!ff) {
      unknown(line, "BTF_ID_FLAGS not understood: " + s_.text(i, close + 1));
    } else if (!open_set_) {
      unknown(line, "BTF_ID_FLAGS(func, " + ff->name + ") outside a BTF_KFUNCS/BTF_SET8 block");
    } else {
      (*open_set_)["funcs"].push_back({{"name", ff->name}, {"flags", ff->flags}, {"kconfig", conditions(s_, i)}, {"line", line}});
      listed_.insert(ff->name);
    }
  }

  // A `{...}` block: an id set's initializer, a function's body, or neither.
  void read_block(size_t open) {
    size_t close = static_cast<size_t>(s_.toks[open].match);
    if (id_set_initializer(s_, open)) {
      read_id_set(open, close);
    } else if (auto name = function_body_name(s_, open); name && *name >= stmt_start_) {
      defs_.push_back({stmt_start_, *name, open - 1, open, close});
    }
  }

  // struct btf_kfunc_id_set NAME = { .set = &S, .filter = F, ... }
  void read_id_set(size_t open, size_t close) {
    std::string name(s_.toks[open - 2].text);
    json v = {{"line", s_.toks[open - 2].line}};
    for (size_t k = open + 1; k + 2 < close; ++k) {
      if (!designator(s_, k)) continue;
      std::string field(s_.toks[k + 1].text);
      size_t value = k + 3;
      if (field == "set") {
        if (address_of_name(s_, value)) v["set"] = std::string(s_.toks[value + 1].text);
        else unknown(s_.toks[k].line, "btf_kfunc_id_set " + name + ": .set is not &SET");
      } else if (field == "filter") {
        if (s_.ident(value)) v["filter"] = std::string(s_.toks[value].text);
        else unknown(s_.toks[k].line, "btf_kfunc_id_set " + name + ": .filter is not a function name");
      }
    }
    if (!v.contains("set")) unknown(v["line"].get<uint32_t>(), "btf_kfunc_id_set " + name + " without .set");
    out_["id_sets"][name] = v;
  }

  void read_list_macros() {
    json macros = kmacros::read_macros(text_);
    if (!macros["entry"].empty()) out_["entry_macros"] = macros["entry"];
    if (!macros["lists"].empty()) out_["list_macros"] = macros["lists"];
  }

  // Registrations, wherever they sit.
  void read_registrations() {
    for (size_t i = 0; i + 1 < s_.toks.size(); ++i)
      if (auto close = registration_call(s_, i)) read_registration(i, *close);
  }

  // register_btf_kfunc_id_set(BPF_PROG_TYPE_X, &ID_SET)
  void read_registration(size_t i, size_t close) {
    auto args = csrc::split_top_level(s_, i + 2, close, ",");
    std::string type = s_.text(args[0].first, args[0].second);
    if (type.rfind("BPF_PROG_TYPE_", 0) != 0) {
      if (!declared_at(s_, i))
        unknown(s_.toks[i].line, "register_btf_kfunc_id_set for a program type not named: " + s_.text(i, close + 1));
      return;
    }
    if (args.size() != 2 || args[1].second != args[1].first + 2 || !address_of_name(s_, args[1].first)) {
      unknown(s_.toks[i].line, "register_btf_kfunc_id_set with an id set not named: " + s_.text(i, close + 1));
      return;
    }
    out_["regs"].push_back({{"type", type}, {"id_set", std::string(s_.toks[args[1].first + 1].text)},
                            {"line", s_.toks[i].line}, {"kconfig", conditions(s_, i)}});
  }

  // The definitions this file holds, each for what it gives: a kfunc's
  // signature, an id set's filter, the hook table.
  void read_definitions() {
    kfilter::Predicates predicates = one_statement_predicates();
    std::set<std::string> filters = filter_names();
    for (const Def& d : defs_) {
      std::string name(s_.toks[d.name].text);
      read_signature(d, name);
      if (filters.count(name)) read_filter(d, name, predicates);
      if (name == "bpf_prog_type_to_kfunc_hook") read_hook_table(d);
    }
  }

  // One-statement predicates (`return COND;`) that filters may call.
  kfilter::Predicates one_statement_predicates() const {
    kfilter::Predicates predicates;
    for (const Def& d : defs_)
      if (auto cond = returned_condition(s_, d)) predicates[std::string(s_.toks[d.name].text)] = *cond;
    return predicates;
  }

  std::set<std::string> filter_names() const {
    std::set<std::string> filters;
    for (auto& [name, v] : out_["id_sets"].items())
      if (v.contains("filter")) filters.insert(v["filter"].get<std::string>());
    return filters;
  }

  // `__bpf_kfunc` definitions, and those of functions a set of this file lists.
  void read_signature(const Def& d, const std::string& name) {
    bool marked = false;
    for (size_t k = d.start; k < d.name; ++k) marked = marked || s_.toks[k].text == "__bpf_kfunc";
    if (marked || listed_.count(name))
      out_["defs"][name] = {{"signature", signature(s_, d)}, {"line", s_.toks[d.name].line}, {"marked", marked}};
  }

  void read_filter(const Def& d, const std::string& name, const kfilter::Predicates& predicates) {
    json f = kfilter::read_filter(s_, d.open, d.close, predicates);
    f["def_line"] = s_.toks[d.name].line;
    out_["filters"][name] = f;
  }

  // bpf_prog_type_to_kfunc_hook()'s switch: `case T: ... return HOOK;`
  // gives each pending T that hook; `default:` drops them.
  void read_hook_table(const Def& d) {
    std::vector<std::pair<std::string, uint32_t>> pending;
    for (size_t k = d.open + 1; k < d.close; ++k) {
      if (case_label(s_, k)) {
        pending.push_back({std::string(s_.toks[k + 1].text), s_.toks[k].line});
        k += 2;
      } else if (default_label(s_, k)) {
        pending.clear();
        k += 1;
      } else if (return_name(s_, k)) {
        for (const auto& [p, l] : pending) out_["hooks"].push_back({p, std::string(s_.toks[k + 1].text), l});
        pending.clear();
        k += 2;
      } else if (s_.is(k, "case")) {
        unknown(s_.toks[k].line, "a case of bpf_prog_type_to_kfunc_hook not understood");
      }
    }
    if (out_["hooks"].empty()) unknown(s_.toks[d.name].line, "bpf_prog_type_to_kfunc_hook without a case read");
  }

  // The tokenizer's problems matter where there was something to read (a
  // Documentation file or a header that only declares is not our business).
  void add_tokenizer_problems() {
    if (!out_["sets"].empty() || !out_["id_sets"].empty() || !out_["regs"].empty() || !out_["hooks"].empty())
      for (const auto& p : s_.problems) unknown(p.line, p.what);
  }

  std::string_view text_;
  Source s_;  // tokens point into text_
  json out_ = {{"sets", json::array()}, {"id_sets", json::object()}, {"regs", json::array()},
               {"hooks", json::array()}, {"filters", json::object()}, {"defs", json::object()},
               {"unknowns", json::array()}};
  std::vector<Def> defs_;
  std::set<std::string> listed_;  // kfunc names this file's sets list
  json* open_set_ = nullptr;      // into out_["sets"], between a START and its END
  size_t stmt_start_ = 0;
};

}  // namespace

std::vector<std::string> KfuncExtractor::trigger_regexes() const {
  // The last: headers holding the X-macro lists of kfunc sets
  // (XDP_METADATA_KFUNC_xxx).
  return {"BTF_KFUNCS_START", "BTF_SET8_START", "btf_kfunc_id_set", "register_btf_kfunc_id_set",
          "bpf_prog_type_to_kfunc_hook", "__bpf_kfunc", "[A-Z0-9_]*KFUNC[A-Z0-9_]*_[a-z]+"};
}

json KfuncExtractor::extract(std::string_view text) const { return FileReader(text).read(); }

}  // namespace ksince
