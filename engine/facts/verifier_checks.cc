// Readers of the verifier's own checks in kernel/bpf/verifier.c, for
// FuncProtoExtractor::extract.
#include "facts/verifier_checks.h"
#include "util/append_unique.h"

#include <cctype>

namespace ksince::vchecks {
namespace {

using nlohmann::json;

}  // namespace


// A function such as may_update_sockmap(env, func_id): the helper ids it
// names, and per helper the program types whose case returns true for it
// (`case BPF_PROG_TYPE_SOCK_OPS: if (func_id == BPF_FUNC_map_delete_elem)
// return true;` gives the delete helper only).
json read_prog_switch(const csrc::Source& s, const FuncDef& f) {
  json helpers = json::array(), prog = json::object();
  for (size_t q = f.open; q < f.close; ++q)
    if (s.toks[q].text.starts_with("BPF_FUNC_")) append_unique(helpers, std::string(s.toks[q].text.substr(9)));
  std::vector<std::string> labels;
  bool labels_done = false;
  for (size_t q = f.open + 1; q + 1 < f.close; ++q) {
    std::string_view t = s.toks[q].text;
    if (t == "case" && s.toks[q + 1].text.starts_with("BPF_PROG_TYPE_")) {
      if (labels_done) labels.clear();
      labels_done = false;
      labels.emplace_back(s.toks[q + 1].text);
      continue;
    }
    if (t == "default" && s.is(q + 1, ":")) {
      labels.clear();
      labels_done = false;
      continue;
    }
    if (t == "break") labels_done = true;
    if (t != "return" || !s.is(q + 1, "true") || labels.empty()) continue;
    // `if (func_id == BPF_FUNC_x) return true;` restricts it to x.
    std::vector<std::string> which;
    if (s.is(q - 1, ")") && s.toks[q - 1].match > 0) {
      size_t lp = static_cast<size_t>(s.toks[q - 1].match);
      for (size_t k = lp + 1; k + 2 < q; ++k)
        if (s.toks[k].text == "func_id" && s.toks[k + 1].text == "==" && s.toks[k + 2].text.starts_with("BPF_FUNC_"))
          which.emplace_back(s.toks[k + 2].text.substr(9));
    }
    if (which.empty())
      for (const json& h : helpers) which.push_back(h.get<std::string>());
    for (const std::string& h : which) {
      if (!prog.contains(h)) prog[h] = json::array();
      for (const std::string& l : labels) append_unique(prog[h], l);
    }
    if (!s.is(q - 1, ")")) labels_done = true;
  }
  return {{"helpers", helpers}, {"prog", prog}, {"line", s.toks[f.name].line}};
}

// check_map_prog_compatibility(): program types refused the maps that hold
// an object (v6.1 `if (map_value_has_spin_lock(map))`, v6.12
// `if (btf_record_has_field(map->record, BPF_SPIN_LOCK))`), by
// `if (prog_type == BPF_PROG_TYPE_X)`, `if (is_tracing_prog_type(prog_type))`
// (its case labels) or `if (prog->aux->sleepable)`, each returning an error.
json read_object_refusals(const csrc::Source& s, const FuncDef& f, const std::map<std::string, FuncDef>& funcs) {
  json out = json::array();
  for (size_t i = f.open + 1; i + 2 < f.close; ++i) {
    if (s.toks[i].text != "if" || !s.is(i + 1, "(") || s.toks[i + 1].match <= static_cast<int32_t>(i + 1)) continue;
    size_t ce = static_cast<size_t>(s.toks[i + 1].match);
    std::string obj;
    if (s.ident(i + 2) && s.toks[i + 2].text.starts_with("map_value_has_"))
      obj = std::string(s.toks[i + 2].text.substr(14));
    else if (s.is(i + 2, "btf_record_has_field") && s.is(ce - 1, ")") && s.toks[ce - 2].text.starts_with("BPF_"))
      obj = std::string(s.toks[ce - 2].text.substr(4));
    if (obj.empty() || !s.is(ce + 1, "{") || s.toks[ce + 1].match <= static_cast<int32_t>(ce + 1)) continue;
    for (char& c : obj) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t be = static_cast<size_t>(s.toks[ce + 1].match);
    json r = {{"obj", obj}, {"prog", json::array()}, {"line", s.toks[i].line}};
    for (size_t k = ce + 2; k + 1 < be; ++k) {
      if (s.toks[k].text != "if" || !s.is(k + 1, "(") || s.toks[k + 1].match <= static_cast<int32_t>(k + 1)) continue;
      size_t c2 = static_cast<size_t>(s.toks[k + 1].match);
      bool refuses = false;
      for (size_t q = c2 + 1; q + 1 < be && q < c2 + 12; ++q)
        if (s.toks[q].text == "return" && s.is(q + 1, "-")) refuses = true;
      if (!refuses) continue;
      for (size_t q = k + 2; q < c2; ++q) {
        std::string_view t = s.toks[q].text;
        if (t.starts_with("BPF_PROG_TYPE_")) append_unique(r["prog"], std::string(t));
        else if (t == "sleepable") r["sleepable"] = true;
        else if (s.ident(q) && s.is(q + 1, "(")) {
          auto fn = funcs.find(std::string(t));
          if (fn == funcs.end()) continue;
          for (size_t z = fn->second.open; z + 1 < fn->second.close; ++z)
            if (s.toks[z].text == "case" && s.toks[z + 1].text.starts_with("BPF_PROG_TYPE_"))
              append_unique(r["prog"], std::string(s.toks[z + 1].text));
        }
      }
      k = c2;
    }
    out.push_back(r);
    i = be;
  }
  return out;
}

// check_map_func_compatibility(): the switch on the map type (each map type
// lists the helper ids it allows) and the switch on the helper id (each
// helper lists the map types it allows).
json read_map_compat(const csrc::Source& s, const FuncDef& f, const std::map<std::string, FuncDef>& funcs,
                     json& unknowns) {
  json by_map = json::array(), by_func = json::array(), vias = json::object();
  for (size_t i = f.open + 1; i < f.close; ++i) {
    if (s.toks[i].text != "switch" || !s.is(i + 1, "(") || s.toks[i + 1].match <= static_cast<int32_t>(i + 1) ||
        s.toks[i + 1].match >= static_cast<int32_t>(f.close))
      continue;
    size_t ce = static_cast<size_t>(s.toks[i + 1].match);
    std::string expr = s.text(i + 2, ce);
    bool on_map = expr.find("map_type") != std::string::npos;
    bool on_func = expr == "func_id";
    if ((!on_map && !on_func) || !s.is(ce + 1, "{") || s.toks[ce + 1].match <= static_cast<int32_t>(ce + 1) ||
        s.toks[ce + 1].match > static_cast<int32_t>(f.close))
      continue;
    size_t bc = static_cast<size_t>(s.toks[ce + 1].match);
    json* section = nullptr;
    json& out = on_map ? by_map : by_func;
    bool labels_done = true;
    for (size_t k = ce + 2; k < bc; ++k) {
      std::string_view w = s.toks[k].text;
      if (w == "case") {
        if (labels_done) {
          out.push_back({{"labels", json::array()}, {"allowed", json::array()}, {"line", s.toks[k].line}});
          section = &out.back();
          labels_done = false;
        }
        std::string label(s.toks[k + 1].text);  // k + 1 <= bc: the body is closed
        (*section)["labels"].push_back(label);
        k += 2;
        continue;
      }
      if (w == "default") {
        section = nullptr;
        labels_done = true;
        continue;
      }
      labels_done = true;
      if (w == "switch" && s.toks[k + 1].match > static_cast<int32_t>(k + 1) &&
          s.toks[k + 1].match < static_cast<int32_t>(bc)) {  // a nested switch: not ours
        size_t c2 = static_cast<size_t>(s.toks[k + 1].match);
        if (s.is(c2 + 1, "{") && s.toks[c2 + 1].match > static_cast<int32_t>(c2 + 1) &&
            s.toks[c2 + 1].match < static_cast<int32_t>(bc))
          k = static_cast<size_t>(s.toks[c2 + 1].match);
        continue;
      }
      if (w != "if" || !section || s.toks[k + 1].text != "(" || s.toks[k + 1].match <= static_cast<int32_t>(k + 1) ||
          s.toks[k + 1].match >= static_cast<int32_t>(bc))
        continue;
      size_t cb = k + 2, cend = static_cast<size_t>(s.toks[k + 1].match);
      if (s.toks[cend + 1].text != "goto") {  // another check (tail calls in subprogs): not a pairing
        k = cend;
        continue;
      }
      for (auto [pb, pe] : csrc::split_top_level(s, cb, cend, "&&")) {
        std::string part = s.text(pb, pe);
        if (on_map && pe == pb + 3 && s.toks[pb].text == "func_id" && s.toks[pb + 1].text == "!=" &&
            s.toks[pb + 2].text.starts_with("BPF_FUNC_")) {
          (*section)["allowed"].push_back(std::string(s.toks[pb + 2].text.substr(9)));
        } else if (on_func && pe >= pb + 3 && s.toks[pe - 2].text == "!=" &&
                   s.toks[pe - 1].text.starts_with("BPF_MAP_TYPE_") && part.find("map_type") != std::string::npos) {
          (*section)["allowed"].push_back(std::string(s.toks[pe - 1].text));
        } else if (on_map && s.toks[pb].text == "!" && s.ident(pb + 1) && s.toks[pb + 2].text == "(") {
          // `!may_update_sockmap(env, func_id)`: a function decides.
          std::string fn(s.toks[pb + 1].text);
          (*section)["via"].push_back(fn);
          auto it = funcs.find(fn);
          if (it == funcs.end()) {
            unknowns.push_back({{"line", s.toks[pb].line}, {"what", "map check calls " + fn + ", not in this file"}});
            continue;
          }
          vias[fn] = read_prog_switch(s, it->second);
        } else {
          unknowns.push_back({{"line", s.toks[pb].line}, {"what", "map check not read: " + part}});
        }
      }
      k = cend;
    }
  }
  return {{"by_map", by_map}, {"by_func", by_func}, {"via", vias}, {"line", s.toks[f.name].line}};
}

// `if (map->map_type == BPF_MAP_TYPE_X) { ...; return -EINVAL; }` in
// check_map_prog_compatibility(): no program may use such a map, whatever
// its ops say.
json read_map_type_refusals(const csrc::Source& s, const FuncDef& f) {
  json refused = json::array();
  for (size_t k = f.open + 1; k + 1 < f.close; ++k) {
    if (s.toks[k].text != "if" || !s.is(k + 1, "(") || s.toks[k + 1].match <= static_cast<int32_t>(k + 1)) continue;
    size_t ce = static_cast<size_t>(s.toks[k + 1].match);
    std::string cond = s.text(k + 2, ce);
    if (ce + 1 >= f.close || cond.rfind("map->map_type == BPF_MAP_TYPE_", 0) != 0 || ce != k + 7) continue;
    size_t body_end = s.is(ce + 1, "{") && s.toks[ce + 1].match > 0 ? static_cast<size_t>(s.toks[ce + 1].match)
                                                                     : ce + 1;
    for (size_t q = ce + 1; q + 2 <= body_end && q + 2 < f.close; ++q)
      if (s.toks[q].text == "return" && s.is(q + 1, "-")) {
        refused.push_back({{"type", std::string(s.toks[ce - 1].text)}, {"line", s.toks[k].line}});
        break;
      }
  }
  return refused;
}

}  // namespace ksince::vchecks
