#include "idents/module_uses.h"

#include <algorithm>
#include <map>
#include <set>

#include "facts/c_source.h"
#include "facts/c_words.h"
#include "facts/identifier_defs.h"

namespace ksince {

namespace {

const std::set<std::string_view>& keywords() {
  static const std::set<std::string_view> words = {
      "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
      "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
      "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool"};
  return words;
}

// One file's walk: declarations give names their types, uses are recorded.
class UseReader {
 public:
  UseReader(const csrc::Source& s, const std::string& path, const std::set<std::string>& own, ModuleUses& out,
            std::set<std::string>& seen, std::set<std::string>& seen_members)
      : s_(s), path_(path), own_(own), out_(out), seen_(seen), seen_members_(seen_members) {}

  void walk() {
    configs();
    for (size_t i = 0; i < s_.toks.size(); i++) step(i);
  }

 private:
  bool is(size_t i, std::string_view t) const { return s_.is(i, t); }
  bool ident(size_t i) const { return s_.ident(i); }
  std::string_view text(size_t i) const { return s_.toks[i].text; }

  // Kconfig symbols of the #if lines around the code, and of IS_ENABLED().
  void configs() {
    for (size_t i = 0; i < s_.toks.size(); i++)
      for (const std::string& cond : s_.pp_sets[s_.toks[i].pp])
        for (size_t at = cond.find("CONFIG_"); at != std::string::npos; at = cond.find("CONFIG_", at + 1)) {
          size_t e = at;
          while (e < cond.size() && (isalnum(static_cast<unsigned char>(cond[e])) || cond[e] == '_')) e++;
          use(cond.substr(at, e - at), "config", s_.toks[i].line);
        }
  }

  void step(size_t i) {
    const csrc::Token& t = s_.toks[i];
    if (t.text == "{") {
      depth_++;
      // The type this brace initialises: the declared one after `=`; an
      // element's, inside an array's (marked "[]TYPE").
      std::string ctx;
      if (is(i - 1, "="))
        ctx = pending_init_;
      else if (!initializer_.empty() && initializer_.back().rfind("[]", 0) == 0 && (is(i - 1, "{") || is(i - 1, ",")))
        ctx = initializer_.back().substr(2);
      initializer_.push_back(ctx);
      pending_init_.clear();
    } else if (t.text == "}") {
      depth_ = depth_ > 0 ? depth_ - 1 : 0;
      if (!initializer_.empty()) initializer_.pop_back();
      if (depth_ == 0) fn_vars_.clear();
    }
    if ((t.text == ")" || t.text == "]") && (is(i + 1, "->") || (is(i + 1, ".") && ident(i + 2))))
      out_.unresolved++;  // `f(x)->m`, `a[i].m`: an expression's type is not read
    if (t.text == "." && !initializer_.empty() && (is(i - 1, "{") || is(i - 1, ",")) && ident(i + 1)) {
      designator(i);
      return;
    }
    if (t.kind != csrc::TokKind::Ident || keywords().count(t.text)) return;
    if (i > 0 && (is(i - 1, "->") || is(i - 1, "."))) return;  // a member, read with its base
    if (i > 0 && (is(i - 1, "struct") || is(i - 1, "union") || is(i - 1, "enum"))) {
      use(std::string(t.text), "type", t.line);
      return;
    }
    if (declared(i)) return;
    if (is(i + 1, "->") || is(i + 1, ".")) access(i);
    if (locals(t.text)) return;
    use(std::string(t.text), is(i + 1, "(") ? "call" : "name", t.line);
  }

  bool locals(std::string_view n) const { return fn_vars_.count(std::string(n)) || file_vars_.count(std::string(n)); }

  // `TYPE [*...] NAME` followed by = ; , ) [ : a local, a parameter or a
  // file-scope variable, with its type when it is a struct's or a typedef's.
  bool declared(size_t i) {
    if (!(is(i + 1, "=") || is(i + 1, ";") || is(i + 1, ",") || is(i + 1, ")") || is(i + 1, "["))) return false;
    size_t t = i;
    while (t > 0 && is(t - 1, "*")) t--;
    static const std::set<std::string_view> statements = {"return", "case", "goto", "sizeof", "else", "do",
                                                          "if", "while", "for", "switch", "default"};
    if (t == 0 || !ident(t - 1) || statements.count(text(t - 1))) return false;
    std::string type;
    if (t >= 2 && (is(t - 2, "struct") || is(t - 2, "union")))
      type = std::string(text(t - 2)) + " " + std::string(text(t - 1));
    else if (!is_c_keyword(text(t - 1)))
      type = std::string(text(t - 1));
    (depth_ == 0 && !in_params(i) ? file_vars_ : fn_vars_)[std::string(text(i))] = type;
    if (is(i + 1, "=") && is(i + 2, "{")) pending_init_ = type;
    if (is(i + 1, "[")) {  // `struct s NAME[] = {`: each element initialised as one
      size_t close = static_cast<size_t>(std::max<int32_t>(s_.toks[i + 1].match, 0));
      if (close > i && is(close + 1, "=") && !type.empty()) pending_init_ = "[]" + type;
    }
    return true;
  }

  bool in_params(size_t i) const {
    for (size_t k = i; k-- > 0;) {
      if (is(k, ";") || is(k, "{") || is(k, "}")) return false;
      if (is(k, "(") && s_.toks[k].match > static_cast<int32_t>(i)) return true;
    }
    return false;
  }

  // `x->a.b`: the chain from a variable whose type is known.
  void access(size_t i) {
    const std::string* type = type_of(std::string(text(i)));
    if (!type || type->empty()) {
      out_.unresolved++;
      return;
    }
    std::vector<std::string> path;
    for (size_t k = i + 1; (is(k, "->") || is(k, ".")) && ident(k + 1); k += 2) path.emplace_back(text(k + 1));
    member(*type, path, s_.toks[i].line);
  }

  const std::string* type_of(const std::string& var) const {
    for (const auto* m : {&fn_vars_, &file_vars_})
      if (auto it = m->find(var); it != m->end()) return &it->second;
    return nullptr;
  }

  // `.a.b = ` inside an initializer of a known type.
  void designator(size_t i) {
    const std::string& type = initializer_.back();
    if (type.empty() || type.rfind("[]", 0) == 0) {
      out_.unresolved++;
      return;
    }
    std::vector<std::string> path;
    for (size_t k = i; is(k, ".") && ident(k + 1); k += 2) path.emplace_back(text(k + 1));
    member(type, path, s_.toks[i].line);
  }

  void member(const std::string& type, const std::vector<std::string>& path, uint32_t line) {
    std::string key = type;
    for (const std::string& p : path) key += "." + p;
    if (seen_members_.insert(key).second) out_.members.push_back({type, path, path_, line});
  }

  void use(const std::string& name, const char* how, uint32_t line) {
    if (own_.count(name) || !seen_.insert(name).second) return;
    out_.names.push_back({name, how, path_, line});
  }

  const csrc::Source& s_;
  const std::string& path_;
  const std::set<std::string>& own_;
  ModuleUses& out_;
  std::set<std::string>& seen_;
  std::set<std::string>& seen_members_;
  size_t depth_ = 0;
  std::map<std::string, std::string> fn_vars_, file_vars_;  // name -> "struct s", a typedef's name, or ""
  std::vector<std::string> initializer_;                   // per open brace: the type it initialises, or ""
  std::string pending_init_;  // the type the next `= {` initialises
};

}  // namespace

ModuleUses read_module_uses(const std::vector<SourceFile>& files) {
  ModuleUses out;
  std::set<std::string> own, seen, seen_members;
  for (const SourceFile& f : files)
    for (const Definition& d : find_definitions(DefSyntax::C, f.text)) own.insert(d.name);
  for (const SourceFile& f : files) {
    csrc::Source s = csrc::tokenize(f.text);
    UseReader(s, f.path, own, out, seen, seen_members).walk();
  }
  out.own.assign(own.begin(), own.end());
  return out;
}

std::vector<std::string> identifiers_used_by(std::string_view c_text) {
  // The C tokens: no comment, string or #include line adds a word.
  std::set<std::string> own, seen;
  for (const Definition& d : find_definitions(DefSyntax::C, c_text)) own.insert(d.name);
  csrc::Source src = csrc::tokenize(c_text);
  std::vector<std::string> out;
  for (const csrc::Token& t : src.toks) {
    if (t.kind != csrc::TokKind::Ident || keywords().count(t.text)) continue;
    std::string w(t.text);
    if (!own.count(w) && seen.insert(w).second) out.push_back(std::move(w));
  }
  return out;
}

}  // namespace ksince
