#include "facts/kfunc_macros.h"

#include <string>
#include <vector>

#include "facts/c_source.h"
#include "facts/verifier_checks.h"

namespace ksince::kmacros {
namespace {

using nlohmann::json;

struct Define {
  uint32_t line;
  std::string name;
  bool function_like;
  std::vector<std::string> params;
  std::string body;
};

bool ident_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

std::vector<Define> defines(std::string_view t) {
  std::vector<Define> out;
  uint32_t line = 1;
  size_t i = 0;
  while (i < t.size()) {
    size_t eol = t.find('\n', i);
    if (eol == std::string_view::npos) eol = t.size();
    size_t k = i;
    while (k < eol && (t[k] == ' ' || t[k] == '\t')) ++k;
    uint32_t start_line = line;
    if (k < eol && t[k] == '#') {
      // The directive with its continuation lines.
      std::string d;
      size_t e = i;
      while (true) {
        size_t l = t.find('\n', e);
        if (l == std::string_view::npos) l = t.size();
        std::string_view part = t.substr(e, l - e);
        bool cont = !part.empty() && part.back() == '\\';
        d += part.substr(0, cont ? part.size() - 1 : part.size());
        d += ' ';
        e = l + 1;
        if (!cont || l >= t.size()) break;
        ++line;
      }
      eol = e - 1;
      size_t p = d.find('#') + 1;
      while (p < d.size() && (d[p] == ' ' || d[p] == '\t')) ++p;
      if (d.compare(p, 6, "define") == 0) {
        p += 6;
        while (p < d.size() && (d[p] == ' ' || d[p] == '\t')) ++p;
        size_t nb = p;
        while (p < d.size() && ident_char(d[p])) ++p;
        Define def{start_line, d.substr(nb, p - nb), p < d.size() && d[p] == '(', {}, ""};
        if (def.function_like) {
          size_t close = d.find(')', p);
          if (close == std::string::npos) close = d.size();
          std::string params = d.substr(p + 1, close - p - 1);
          std::string cur;
          for (char c : params + ",") {
            if (c == ',') {
              def.params.push_back(cur);
              cur.clear();
            } else if (c != ' ' && c != '\t') {
              cur += c;
            }
          }
          p = close + 1;
        }
        def.body = d.substr(std::min(p, d.size()));
        if (!def.name.empty()) out.push_back(std::move(def));
      }
    }
    ++line;
    i = eol + 1;
  }
  return out;
}

}  // namespace

json read_macros(std::string_view text) {
  json out = {{"entry", json::object()}, {"lists", json::object()}};
  for (const Define& d : defines(text)) {
    csrc::Source s = csrc::tokenize(d.body);
    if (d.function_like) {
      if (!(s.is(0, "BTF_ID_FLAGS") && s.is(1, "(") && s.toks[1].match == static_cast<int32_t>(s.toks.size()) - 1)) continue;
      auto args = csrc::split_top_level(s, 2, s.toks.size() - 1, ",");
      if (args.size() < 2 || s.text(args[0].first, args[0].second) != "func") continue;
      std::string name_arg = s.text(args[1].first, args[1].second);
      json e = {{"line", d.line}, {"params", d.params}, {"name_arg", -1}, {"flags", json::array()}};
      for (size_t p = 0; p < d.params.size(); ++p)
        if (d.params[p] == name_arg) e["name_arg"] = p;
      if (args.size() == 3)
        for (auto [b, en] : csrc::split_top_level(s, args[2].first, args[2].second, "|")) e["flags"].push_back(s.text(b, en));
      out["entry"][d.name].push_back(e);
    } else {
      // Only calls: NAME(args) NAME(args) ...
      json calls = json::array();
      size_t i = 0;
      bool ok = !s.toks.empty();
      while (ok && i < s.toks.size()) {
        if (!s.ident(i) || !s.is(i + 1, "(") || s.toks[i + 1].match < 0) {
          ok = false;
          break;
        }
        size_t close = static_cast<size_t>(s.toks[i + 1].match);
        json args = json::array();
        for (auto [b, e] : csrc::split_top_level(s, i + 2, close, ",")) args.push_back(s.text(b, e));
        calls.push_back({{"callee", std::string(s.toks[i].text)}, {"args", args}, {"line", d.line + s.toks[i].line - 1}});
        i = close + 1;
      }
      if (ok) out["lists"][d.name] = {{"line", d.line}, {"calls", calls}};
    }
  }
  return out;
}

json expand(const std::string& use, uint32_t use_line, const json& entry_macros, const json* list) {
  if (!list) return "a macro in a kfunc set whose definition is not found: " + use;
  json out = json::array();
  for (const json& c : (*list)["calls"]) {
    std::string callee = c["callee"];
    const json* entry = nullptr;
    if (entry_macros.contains(callee))
      for (const json& e : entry_macros[callee])
        if (e["line"].get<uint32_t>() < use_line) entry = &e;  // the #define in force at the use
    if (!entry) return "a macro in a kfunc set: " + use + " calls " + callee + ", not defined as BTF_ID_FLAGS before it";
    int k = (*entry)["name_arg"];
    if (k < 0 || static_cast<size_t>(k) >= c["args"].size()) return "a macro in a kfunc set: " + callee + " does not name a kfunc by a parameter";
    out.push_back({{"name", c["args"][k]}, {"flags", (*entry)["flags"]}});
  }
  return out;
}

}  // namespace ksince::kmacros
