#include "facts/func_proto_extractor.h"

#include <cctype>
#include <map>

#include "facts/c_source.h"
#include "facts/func_proto_walk.h"
#include "facts/verifier_checks.h"

namespace ksince {
namespace {

using nlohmann::json;
using vchecks::FuncDef;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }


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
      auto args = csrc::split_top_level(s, i + 2, close, ",");
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
            vchecks::push_unique(p["objs"], obj);
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

  vchecks::FuncIndex funcs;
  for (const FuncDef& f : defs) funcs.emplace(std::string(s.toks[f.name].text), f);
  for (const FuncDef& f : defs) {
    std::string name(s.toks[f.name].text);
    std::string stub = stub_value(s, f);
    if (!stub.empty()) out["stubs"][name] = stub;
    if (name == "check_map_prog_compatibility") {
      out["map_object_refusals"] = vchecks::read_object_refusals(s, f, funcs);
      out["map_prog_refusals"] = vchecks::read_map_type_refusals(s, f);
      continue;
    }
    if (name == "check_map_func_compatibility") {
      out["map_compat"] = vchecks::read_map_compat(s, f, funcs, unknowns);
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
