#include "func_proto_extractor.h"

#include <cctype>
#include <map>

#include "c_source.h"
#include "func_proto_walk.h"

namespace ksince {
namespace {

using nlohmann::json;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

struct FuncDef {
  size_t name;   // token of the name
  size_t open;   // token of the body's `{`
  size_t close;
};

// Splits [b, e) at top-level `op`.
std::vector<std::pair<size_t, size_t>> split(const csrc::Source& s, size_t b, size_t e, std::string_view op) {
  std::vector<std::pair<size_t, size_t>> parts;
  size_t start = b;
  for (size_t i = b; i < e; ++i) {
    const csrc::Token& t = s.toks[i];
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

// `{ return -EINVAL; }`, `{ return NULL; }`, `{ return ERR_PTR(-ENOTSUPP); }`:
// an ops member that refuses every call.
std::string stub_value(const csrc::Source& s, const FuncDef& f) {
  size_t b = f.open + 1, e = f.close;
  if (e < b + 3 || s.toks[b].text != "return" || s.toks[e - 1].text != ";") return "";
  std::string v = s.text(b + 1, e - 1);
  if (v == "NULL") return v;
  if (v.size() > 2 && v[0] == '-' && v[1] == 'E') return v;
  if (starts_with(v, "ERR_PTR(-E")) return v;
  return "";
}

void push_unique(json& list, const std::string& v) {
  for (const json& x : list)
    if (x == v) return;
  list.push_back(v);
}

// A function such as may_update_sockmap(env, func_id): the helper ids it
// names, and per helper the program types whose case returns true for it
// (`case BPF_PROG_TYPE_SOCK_OPS: if (func_id == BPF_FUNC_map_delete_elem)
// return true;` gives the delete helper only).
json read_prog_switch(const csrc::Source& s, const FuncDef& f) {
  json helpers = json::array(), prog = json::object();
  for (size_t q = f.open; q < f.close; ++q)
    if (starts_with(s.toks[q].text, "BPF_FUNC_")) push_unique(helpers, std::string(s.toks[q].text.substr(9)));
  std::vector<std::string> labels;
  bool labels_done = false;
  for (size_t q = f.open + 1; q + 1 < f.close; ++q) {
    std::string_view t = s.toks[q].text;
    if (t == "case" && starts_with(s.toks[q + 1].text, "BPF_PROG_TYPE_")) {
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
        if (s.toks[k].text == "func_id" && s.toks[k + 1].text == "==" && starts_with(s.toks[k + 2].text, "BPF_FUNC_"))
          which.emplace_back(s.toks[k + 2].text.substr(9));
    }
    if (which.empty())
      for (const json& h : helpers) which.push_back(h.get<std::string>());
    for (const std::string& h : which) {
      if (!prog.contains(h)) prog[h] = json::array();
      for (const std::string& l : labels) push_unique(prog[h], l);
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
    if (s.ident(i + 2) && starts_with(s.toks[i + 2].text, "map_value_has_"))
      obj = std::string(s.toks[i + 2].text.substr(14));
    else if (s.is(i + 2, "btf_record_has_field") && s.is(ce - 1, ")") && starts_with(s.toks[ce - 2].text, "BPF_"))
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
        if (starts_with(t, "BPF_PROG_TYPE_")) push_unique(r["prog"], std::string(t));
        else if (t == "sleepable") r["sleepable"] = true;
        else if (s.ident(q) && s.is(q + 1, "(")) {
          auto fn = funcs.find(std::string(t));
          if (fn == funcs.end()) continue;
          for (size_t z = fn->second.open; z + 1 < fn->second.close; ++z)
            if (s.toks[z].text == "case" && starts_with(s.toks[z + 1].text, "BPF_PROG_TYPE_"))
              push_unique(r["prog"], std::string(s.toks[z + 1].text));
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
      for (auto [pb, pe] : split(s, cb, cend, "&&")) {
        std::string part = s.text(pb, pe);
        if (on_map && pe == pb + 3 && s.toks[pb].text == "func_id" && s.toks[pb + 1].text == "!=" &&
            starts_with(s.toks[pb + 2].text, "BPF_FUNC_")) {
          (*section)["allowed"].push_back(std::string(s.toks[pb + 2].text.substr(9)));
        } else if (on_func && pe >= pb + 3 && s.toks[pe - 2].text == "!=" &&
                   starts_with(s.toks[pe - 1].text, "BPF_MAP_TYPE_") && part.find("map_type") != std::string::npos) {
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

// `.field = value,` pairs of a designated initializer.
json read_initializer(const csrc::Source& s, size_t open) {
  json fields = json::object();
  size_t close = static_cast<size_t>(s.toks[open].match);
  for (size_t i = open + 1; i + 3 < close; ++i) {
    const csrc::Token& t = s.toks[i];
    if ((t.text == "(" || t.text == "{" || t.text == "[") && t.match > static_cast<int32_t>(i)) {
      i = static_cast<size_t>(t.match);
      continue;
    }
    if (t.text == "." && s.ident(i + 1) && s.is(i + 2, "=") && s.ident(i + 3) && (s.is(i + 4, ",") || i + 4 == close))
      fields[std::string(s.toks[i + 1].text)] = std::string(s.toks[i + 3].text);
  }
  return fields;
}

}  // namespace

std::vector<std::string> FuncProtoExtractor::trigger_regexes() const {
  // bpf_types.h, the verifier ops and map ops, every file with a case
  // label on a helper id (the func_protos and the verifier's map checks),
  // and the files that define protos (.might_sleep, .allowed).
  return {"BPF_PROG_TYPE", "BPF_MAP_TYPE", "bpf_verifier_ops", "bpf_map_ops", "BPF_FUNC_[a-z0-9_]+",
          "bpf_func_proto"};
}

json FuncProtoExtractor::extract(std::string_view text) const {
  csrc::Source s = csrc::tokenize(text);
  json out = {{"prog_types", json::array()}, {"map_types", json::array()}, {"verifier_ops", json::object()},
              {"map_ops", json::object()}, {"protos", json::object()}, {"stubs", json::object()}, {"func_protos", json::array()},
              {"unknowns", json::array()}};
  json& unknowns = out["unknowns"];

  std::vector<FuncDef> defs;
  size_t stmt_start = 0;
  for (size_t i = 0; i < s.toks.size(); ++i) {
    const csrc::Token& t = s.toks[i];
    if (t.text == ";") {
      stmt_start = i + 1;
      continue;
    }
    if ((t.text == "BPF_PROG_TYPE" || t.text == "BPF_MAP_TYPE") && s.is(i + 1, "(") && s.toks[i + 1].match > 0) {
      size_t close = static_cast<size_t>(s.toks[i + 1].match);
      auto args = split(s, i + 2, close, ",");
      std::string id = args.size() >= 2 ? s.text(args[0].first, args[0].second) : "";
      std::string name = args.size() >= 2 ? s.text(args[1].first, args[1].second) : "";
      std::string_view prefix = t.text == "BPF_PROG_TYPE" ? "BPF_PROG_TYPE_" : "BPF_MAP_TYPE_";
      if (starts_with(id, prefix)) {
        json e = {{"id", id}, {"line", t.line}};
        if (!s.pp_sets[t.pp].empty()) e["kconfig"] = s.pp_sets[t.pp];
        if (t.text == "BPF_PROG_TYPE") {
          e["ops"] = name + "_verifier_ops";
          out["prog_types"].push_back(e);
        } else {
          e["ops"] = name;
          out["map_types"].push_back(e);
        }
      }
      i = close;
      stmt_start = close + 1;
      continue;
    }
    if (t.text == "(" || t.text == "[") {
      if (t.match > static_cast<int32_t>(i)) i = static_cast<size_t>(t.match);
      continue;
    }
    if (t.text != "{" || t.match < static_cast<int32_t>(i)) continue;
    size_t close = static_cast<size_t>(t.match);
    if (i >= 3 && s.toks[i - 1].text == "=" && s.ident(i - 2) &&
        (s.toks[i - 3].text == "bpf_verifier_ops" || s.toks[i - 3].text == "bpf_map_ops" ||
         s.toks[i - 3].text == "bpf_func_proto")) {
      std::string name(s.toks[i - 2].text);
      json fields = read_initializer(s, i);
      if (s.toks[i - 3].text == "bpf_func_proto") {
        // What a proto itself restricts: sleepable programs only, or a
        // callback that decides per program (.allowed).
        json p = json::object();
        if (fields.value("might_sleep", "") == "true") p["might_sleep"] = true;
        if (fields.contains("allowed")) p["allowed"] = fields["allowed"];
        // The objects its arguments point into (ARG_PTR_TO_TIMER: "timer"),
        // for the verifier's refusals of maps holding such objects.
        for (const auto& [k, v] : fields.items()) {
          std::string val = v.get<std::string>();
          if (k.rfind("arg", 0) == 0 && val.rfind("ARG_PTR_TO_", 0) == 0) {
            std::string obj = val.substr(11);
            for (char& c : obj) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            push_unique(p["objs"], obj);
          }
        }
        if (!p.empty()) out["protos"][name] = p;
      } else if (s.toks[i - 3].text == "bpf_verifier_ops") {
        json v = {{"line", s.toks[i - 2].line}};
        if (fields.contains("get_func_proto")) v["get_func_proto"] = fields["get_func_proto"];
        out["verifier_ops"][name] = v;
      } else {
        out["map_ops"][name] = {{"line", s.toks[i - 2].line}, {"fields", fields}};
      }
    } else if (i >= 2 && s.toks[i - 1].text == ")" && s.toks[i - 1].match > 0) {
      size_t lp = static_cast<size_t>(s.toks[i - 1].match);
      if (lp >= 1 && s.ident(lp - 1) && lp - 1 >= stmt_start) defs.push_back({lp - 1, i, close});
    }
    i = close;
    stmt_start = close + 1;
  }

  std::map<std::string, FuncDef> funcs;
  for (const FuncDef& f : defs) funcs.emplace(std::string(s.toks[f.name].text), f);
  for (const FuncDef& f : defs) {
    std::string name(s.toks[f.name].text);
    std::string stub = stub_value(s, f);
    if (!stub.empty()) out["stubs"][name] = stub;
    if (name == "check_map_prog_compatibility") {
      out["map_object_refusals"] = read_object_refusals(s, f, funcs);
      // `if (map->map_type == BPF_MAP_TYPE_X) { ...; return -EINVAL; }`:
      // no program may use such a map, whatever its ops say.
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
      out["map_prog_refusals"] = refused;
      continue;
    }
    if (name == "check_map_func_compatibility") {
      out["map_compat"] = read_map_compat(s, f, funcs, unknowns);
      continue;
    }
    if (!ends_with(name, "func_proto")) continue;
    // Only the functions of a helper id: `(enum bpf_func_id func_id, ...)`.
    size_t lp = f.name + 1, rp = f.open - 1;
    bool takes_id = false;
    for (size_t k = lp; k < rp; ++k) takes_id = takes_id || s.toks[k].text == "bpf_func_id";
    if (!takes_id) continue;
    bool weak = false;
    for (size_t k = f.name; k-- > 0;) {
      std::string_view w = s.toks[k].text;
      if (w == ";" || w == "}" || w == ")" || w == "{") break;
      weak = weak || w == "__weak";
    }
    json fn_unknowns = json::array();
    json body = walk_func_proto(s, f.open, s.toks[f.name].pp, fn_unknowns);
    json fj = {{"name", name}, {"line", s.toks[f.name].line}, {"steps", body["steps"]},
               {"switches", body["switches"]}};
    if (weak) fj["weak"] = true;
    if (!s.pp_sets[s.toks[f.name].pp].empty()) fj["kconfig"] = s.pp_sets[s.toks[f.name].pp];
    for (json& u : fn_unknowns) {
      u["what"] = name + ": " + u["what"].get<std::string>();
      unknowns.push_back(u);
    }
    out["func_protos"].push_back(fj);
  }
  // The tokenizer's problems matter where it found something to read (a
  // Documentation file that names BPF_FUNC_x is not C).
  bool read_something = !out["func_protos"].empty() || !out["verifier_ops"].empty() || !out["map_ops"].empty() ||
                        !out["prog_types"].empty() || !out["map_types"].empty() || out.contains("map_compat") ||
                        out.contains("map_prog_refusals");
  if (read_something)
    for (const csrc::Problem& p : s.problems) unknowns.push_back({{"line", p.line}, {"what", p.what}});
  return out;
}

}  // namespace ksince
