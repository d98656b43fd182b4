#include "facts/kfunc_extractor.h"

#include <set>

#include "facts/c_source.h"
#include "facts/kfunc_filter.h"
#include "facts/kfunc_macros.h"
#include "facts/verifier_checks.h"

namespace ksince {
namespace {

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

std::string signature(const csrc::Source& s, const Def& d) {
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

std::vector<std::string> conditions(const csrc::Source& s, size_t tok) { return s.pp_sets[s.toks[tok].pp]; }

}  // namespace

std::vector<std::string> KfuncExtractor::trigger_regexes() const {
  // The last: headers holding the X-macro lists of kfunc sets
  // (XDP_METADATA_KFUNC_xxx).
  return {"BTF_KFUNCS_START", "BTF_SET8_START", "btf_kfunc_id_set", "register_btf_kfunc_id_set",
          "bpf_prog_type_to_kfunc_hook", "__bpf_kfunc", "[A-Z0-9_]*KFUNC[A-Z0-9_]*_[a-z]+"};
}

json KfuncExtractor::extract(std::string_view text) const {
  csrc::Source s = csrc::tokenize(text);
  json out = {{"sets", json::array()}, {"id_sets", json::object()}, {"regs", json::array()},
              {"hooks", json::array()}, {"filters", json::object()}, {"defs", json::object()},
              {"unknowns", json::array()}};
  json& unknowns = out["unknowns"];
  auto unknown = [&](uint32_t line, const std::string& what) { unknowns.push_back({{"line", line}, {"what", what}}); };

  std::vector<Def> defs;
  std::set<std::string> listed;  // kfunc names this file's sets list
  json* open_set = nullptr;
  size_t stmt_start = 0;
  for (size_t i = 0; i < s.toks.size(); ++i) {
    const csrc::Token& t = s.toks[i];
    if (t.text == ";" || t.text == "}") {
      stmt_start = i + 1;
      continue;
    }
    if (open_set && t.kind == csrc::TokKind::Ident && !s.is(i + 1, "(")) {
      // A list macro inside a set (kfunc_macros.h), expanded by resolve().
      (*open_set)["uses"].push_back({{"name", std::string(t.text)}, {"line", t.line}, {"kconfig", conditions(s, i)}});
      continue;
    }
    if (t.kind == csrc::TokKind::Ident && s.is(i + 1, "(") && s.toks[i + 1].match > 0 && !s.is(s.toks[i + 1].match + 1, "{")) {
      size_t close = static_cast<size_t>(s.toks[i + 1].match);
      std::string_view m = t.text;
      bool start = m == "BTF_KFUNCS_START" || m == "BTF_SET8_START";
      bool end = m == "BTF_KFUNCS_END" || m == "BTF_SET8_END";
      if (start || end) {
        std::string name = s.text(i + 2, close);
        if (start) {
          if (open_set) unknown(t.line, std::string(m) + "(" + name + ") inside the open set " +
                                            (*open_set)["name"].get<std::string>());
          out["sets"].push_back({{"name", name}, {"kind", m == "BTF_KFUNCS_START" ? "kfuncs" : "set8"},
                                 {"line", t.line}, {"funcs", json::array()}});
          open_set = &out["sets"].back();
        } else if (!open_set || (*open_set)["name"] != name) {
          unknown(t.line, std::string(m) + "(" + name + ") without its START");
        } else {
          open_set = nullptr;
        }
        i = close;
        stmt_start = close + 1;
        continue;
      }
      if (m == "BTF_ID_FLAGS") {
        auto args = csrc::split_top_level(s, i + 2, close, ",");
        std::string prefix = s.text(args[0].first, args[0].second);
        if (prefix == "func") {
          std::string name = args.size() >= 2 ? s.text(args[1].first, args[1].second) : "";
          json flags = json::array();
          bool ok = args.size() >= 2 && args.size() <= 3 && args[1].second == args[1].first + 1 && s.ident(args[1].first);
          if (ok && args.size() == 3)
            for (auto [fb, fe] : csrc::split_top_level(s, args[2].first, args[2].second, "|")) {
              if (fe != fb + 1 || !s.ident(fb)) ok = false;
              else flags.push_back(std::string(s.toks[fb].text));
            }
          if (!ok) {
            unknown(t.line, "BTF_ID_FLAGS not understood: " + s.text(i, close + 1));
          } else if (!open_set) {
            unknown(t.line, "BTF_ID_FLAGS(func, " + name + ") outside a BTF_KFUNCS/BTF_SET8 block");
          } else {
            (*open_set)["funcs"].push_back({{"name", name}, {"flags", flags}, {"kconfig", conditions(s, i)}, {"line", t.line}});
            listed.insert(name);
          }
        }
        i = close;
        stmt_start = close + 1;
        continue;
      }
      // Another macro without a semicolon (BTF_ID(func, x), DEFINE_X(...))
      // ends what comes before the next declaration.
      bool upper = true;
      for (char c : m) upper = upper && !(c >= 'a' && c <= 'z');
      if (upper && s.ident(close + 1)) {
        i = close;
        stmt_start = close + 1;
        continue;
      }
    }
    if (t.text == "{" && t.match > 0) {
      size_t close = static_cast<size_t>(t.match);
      if (i >= 3 && s.is(i - 1, "=") && s.ident(i - 2) && s.is(i - 3, "btf_kfunc_id_set")) {
        std::string name(s.toks[i - 2].text);
        json v = {{"line", s.toks[i - 2].line}};
        for (size_t k = i + 1; k + 2 < close; ++k) {
          if (!s.is(k, ".") || !s.ident(k + 1) || !s.is(k + 2, "=")) continue;
          std::string field(s.toks[k + 1].text);
          if (field == "set") {
            if (s.is(k + 3, "&") && s.ident(k + 4)) v["set"] = std::string(s.toks[k + 4].text);
            else unknown(s.toks[k].line, "btf_kfunc_id_set " + name + ": .set is not &SET");
          } else if (field == "filter") {
            if (s.ident(k + 3)) v["filter"] = std::string(s.toks[k + 3].text);
            else unknown(s.toks[k].line, "btf_kfunc_id_set " + name + ": .filter is not a function name");
          }
        }
        if (!v.contains("set")) unknown(v["line"].get<uint32_t>(), "btf_kfunc_id_set " + name + " without .set");
        out["id_sets"][name] = v;
      } else if (i >= 1 && s.is(i - 1, ")") && s.toks[i - 1].match > 0) {
        size_t lp = static_cast<size_t>(s.toks[i - 1].match);
        if (lp >= 1 && s.ident(lp - 1) && lp - 1 >= stmt_start) defs.push_back({stmt_start, lp - 1, i - 1, i, close});
      }
      i = close;
      stmt_start = close + 1;
    }
  }
  if (open_set) unknown((*open_set)["line"].get<uint32_t>(), "set " + (*open_set)["name"].get<std::string>() + " without its END");

  json macros = kmacros::read_macros(text);
  if (!macros["entry"].empty()) out["entry_macros"] = macros["entry"];
  if (!macros["lists"].empty()) out["list_macros"] = macros["lists"];

  // Registrations, wherever they sit.
  for (size_t i = 0; i + 1 < s.toks.size(); ++i) {
    if (s.toks[i].text != "register_btf_kfunc_id_set" || !s.is(i + 1, "(") || s.toks[i + 1].match < 0) continue;
    size_t close = static_cast<size_t>(s.toks[i + 1].match);
    auto args = csrc::split_top_level(s, i + 2, close, ",");
    std::string type = s.text(args[0].first, args[0].second);
    if (type.rfind("BPF_PROG_TYPE_", 0) != 0) {
      // The definition and the declarations (`int register_btf_kfunc_id_set(enum ...`).
      if (i == 0 || !s.ident(i - 1) || s.toks[i - 1].text == "return")
        unknown(s.toks[i].line, "register_btf_kfunc_id_set for a program type not named: " + s.text(i, close + 1));
      continue;
    }
    if (args.size() != 2 || args[1].second != args[1].first + 2 || !s.is(args[1].first, "&") || !s.ident(args[1].first + 1)) {
      unknown(s.toks[i].line, "register_btf_kfunc_id_set with an id set not named: " + s.text(i, close + 1));
      continue;
    }
    out["regs"].push_back({{"type", type}, {"id_set", std::string(s.toks[args[1].first + 1].text)},
                           {"line", s.toks[i].line}, {"kconfig", conditions(s, i)}});
  }

  // One-statement predicates (`return COND;`) that filters may call.
  kfilter::Predicates predicates;
  for (const Def& d : defs)
    if (s.is(d.open + 1, "return") && d.close >= d.open + 4 && s.is(d.close - 1, ";")) {
      bool one = true;
      for (size_t k = d.open + 2; k + 1 < d.close; ++k) one = one && s.toks[k].text != ";";
      if (one) predicates[std::string(s.toks[d.name].text)] = {d.open + 2, d.close - 1};
    }
  std::set<std::string> filters;
  for (auto& [name, v] : out["id_sets"].items())
    if (v.contains("filter")) filters.insert(v["filter"].get<std::string>());
  for (const Def& d : defs) {
    std::string name(s.toks[d.name].text);
    bool marked = false;
    for (size_t k = d.start; k < d.name; ++k) marked = marked || s.toks[k].text == "__bpf_kfunc";
    if (marked || listed.count(name))
      out["defs"][name] = {{"signature", signature(s, d)}, {"line", s.toks[d.name].line}, {"marked", marked}};
    if (filters.count(name)) {
      json f = kfilter::read_filter(s, d.open, d.close, predicates);
      f["def_line"] = s.toks[d.name].line;
      out["filters"][name] = f;
    }
    if (name == "bpf_prog_type_to_kfunc_hook") {
      std::vector<std::pair<std::string, uint32_t>> pending;
      for (size_t k = d.open + 1; k < d.close; ++k) {
        if (s.is(k, "case") && s.ident(k + 1) && s.is(k + 2, ":")) {
          pending.push_back({std::string(s.toks[k + 1].text), s.toks[k].line});
          k += 2;
        } else if (s.is(k, "default") && s.is(k + 1, ":")) {
          pending.clear();
          k += 1;
        } else if (s.is(k, "return") && s.ident(k + 1) && s.is(k + 2, ";")) {
          for (const auto& [p, l] : pending) out["hooks"].push_back({p, std::string(s.toks[k + 1].text), l});
          pending.clear();
          k += 2;
        } else if (s.is(k, "case")) {
          unknown(s.toks[k].line, "a case of bpf_prog_type_to_kfunc_hook not understood");
        }
      }
      if (out["hooks"].empty()) unknown(s.toks[d.name].line, "bpf_prog_type_to_kfunc_hook without a case read");
    }
  }
  // The tokenizer's problems matter where there was something to read (a
  // Documentation file or a header that only declares is not our business).
  if (!out["sets"].empty() || !out["id_sets"].empty() || !out["regs"].empty() || !out["hooks"].empty())
    for (const auto& p : s.problems) unknown(p.line, p.what);
  return out;
}

}  // namespace ksince
