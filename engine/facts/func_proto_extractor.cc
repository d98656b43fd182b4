#include "facts/func_proto_extractor.h"
#include "util/append_unique.h"

#include <cctype>
#include <map>

#include "facts/c_source.h"
#include "facts/func_proto_walk.h"
#include "facts/verifier_checks.h"

namespace ksince {
namespace {

using nlohmann::json;
using vchecks::FuncDef;


// `{ return -EINVAL; }`, `{ return NULL; }`, `{ return ERR_PTR(-ENOTSUPP); }`:
// an ops member that refuses every call.
std::string stub_value(const csrc::Source& s, const FuncDef& f) {
  size_t b = f.open + 1, e = f.close;
  if (e < b + 3 || s.toks[b].text != "return" || s.toks[e - 1].text != ";") return "";
  std::string v = s.text(b + 1, e - 1);
  if (v == "NULL") return v;
  if (v.size() > 2 && v[0] == '-' && v[1] == 'E') return v;
  if (v.starts_with("ERR_PTR(-E")) return v;
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

// `BPF_PROG_TYPE(BPF_PROG_TYPE_X, name, ...)` or `BPF_MAP_TYPE(BPF_MAP_TYPE_X,
// ops)` at token i (bpf_types.h). Returns the index of its `)`.
size_t read_type_entry(const csrc::Source& s, size_t i, json& out) {
  const csrc::Token& t = s.toks[i];
  size_t close = static_cast<size_t>(s.toks[i + 1].match);
  auto args = csrc::split_top_level(s, i + 2, close, ",");
  std::string id = args.size() >= 2 ? s.text(args[0].first, args[0].second) : "";
  std::string name = args.size() >= 2 ? s.text(args[1].first, args[1].second) : "";
  const bool prog = t.text == "BPF_PROG_TYPE";
  if (!id.starts_with(prog ? "BPF_PROG_TYPE_" : "BPF_MAP_TYPE_")) return close;
  json e = {{"id", id}, {"line", t.line}};
  if (!s.pp_sets[t.pp].empty()) e["kconfig"] = s.pp_sets[t.pp];
  if (prog) {
    e["ops"] = name + "_verifier_ops";
    out["prog_types"].push_back(e);
  } else {
    e["ops"] = name;
    out["map_types"].push_back(e);
  }
  return close;
}

bool is_type_entry(const csrc::Source& s, size_t i) {
  const std::string_view w = s.toks[i].text;
  return (w == "BPF_PROG_TYPE" || w == "BPF_MAP_TYPE") && s.is(i + 1, "(") && s.toks[i + 1].match > 0;
}

// The struct type of `struct T name = {` when `{` is token `open` and T is
// one this extractor reads; else "".
std::string_view initialized_type(const csrc::Source& s, size_t open) {
  if (open < 3 || s.toks[open - 1].text != "=" || !s.ident(open - 2)) return "";
  std::string_view type = s.toks[open - 3].text;
  if (type == "bpf_verifier_ops" || type == "bpf_map_ops" || type == "bpf_func_proto") return type;
  return "";
}

// What a proto itself restricts: sleepable programs only (.might_sleep), a
// callback that decides per program (.allowed), and the objects its
// arguments point into (ARG_PTR_TO_TIMER: "timer"), for the verifier's
// refusals of maps holding such objects.
json proto_restrictions(const json& fields) {
  json p = json::object();
  if (fields.value("might_sleep", "") == "true") p["might_sleep"] = true;
  if (fields.contains("allowed")) p["allowed"] = fields["allowed"];
  for (const auto& [k, v] : fields.items()) {
    std::string val = v.get<std::string>();
    if (k.rfind("arg", 0) == 0 && val.rfind("ARG_PTR_TO_", 0) == 0) {
      std::string obj = val.substr(11);
      for (char& c : obj) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      append_unique(p["objs"], obj);
    }
  }
  return p;
}

// `struct <type> name = { ... }` whose `{` is token `open`.
void read_ops_initializer(const csrc::Source& s, size_t open, std::string_view type, json& out) {
  std::string name(s.toks[open - 2].text);
  uint32_t line = s.toks[open - 2].line;
  json fields = read_initializer(s, open);
  if (type == "bpf_func_proto") {
    json p = proto_restrictions(fields);
    if (!p.empty()) out["protos"][name] = p;
  } else if (type == "bpf_verifier_ops") {
    json v = {{"line", line}};
    if (fields.contains("get_func_proto")) v["get_func_proto"] = fields["get_func_proto"];
    out["verifier_ops"][name] = v;
  } else {
    out["map_ops"][name] = {{"line", line}, {"fields", fields}};
  }
}

// Reads the file's top level: bpf_types.h entries and ops and proto
// initializers go into `out`; returns the function definitions, which are
// read once all are known (a func_proto's checks call its neighbours).
std::vector<FuncDef> read_top_level(const csrc::Source& s, json& out) {
  std::vector<FuncDef> defs;
  size_t stmt_start = 0;  // the first token of the top-level statement
  for (size_t i = 0; i < s.toks.size(); ++i) {
    const csrc::Token& t = s.toks[i];
    if (t.text == ";") {
      stmt_start = i + 1;
      continue;
    }
    if (is_type_entry(s, i)) {
      i = read_type_entry(s, i, out);
      stmt_start = i + 1;
      continue;
    }
    if (t.text == "(" || t.text == "[") {
      if (t.match > static_cast<int32_t>(i)) i = static_cast<size_t>(t.match);
      continue;
    }
    if (t.text != "{" || t.match < static_cast<int32_t>(i)) continue;
    size_t close = static_cast<size_t>(t.match);
    std::string_view type = initialized_type(s, i);
    if (!type.empty()) {
      read_ops_initializer(s, i, type, out);
    } else if (i >= 2 && s.toks[i - 1].text == ")" && s.toks[i - 1].match > 0) {
      // `name(...) {` within one statement: a function definition.
      size_t lp = static_cast<size_t>(s.toks[i - 1].match);
      if (lp >= 1 && s.ident(lp - 1) && lp - 1 >= stmt_start) defs.push_back({lp - 1, i, close});
    }
    i = close;
    stmt_start = close + 1;
  }
  return defs;
}

// Only the func_protos of a helper id: `(enum bpf_func_id func_id, ...)`.
bool takes_helper_id(const csrc::Source& s, const FuncDef& f) {
  for (size_t k = f.name + 1; k < f.open - 1; ++k)
    if (s.toks[k].text == "bpf_func_id") return true;
  return false;
}

// `__weak` among the words before the name: an architecture may override it.
bool is_weak(const csrc::Source& s, const FuncDef& f) {
  for (size_t k = f.name; k-- > 0;) {
    std::string_view w = s.toks[k].text;
    if (w == ";" || w == "}" || w == ")" || w == "{") break;
    if (w == "__weak") return true;
  }
  return false;
}

// A func_proto's entry in "func_protos"; what it could not read goes into
// `unknowns`, named after it.
json read_func_proto(const csrc::Source& s, const FuncDef& f, json& unknowns) {
  std::string name(s.toks[f.name].text);
  const uint32_t pp = s.toks[f.name].pp;
  json fn_unknowns = json::array();
  json body = walk_func_proto(s, f.open, pp, fn_unknowns);
  json fj = {{"name", name}, {"line", s.toks[f.name].line}, {"steps", body["steps"]}, {"switches", body["switches"]}};
  if (is_weak(s, f)) fj["weak"] = true;
  if (!s.pp_sets[pp].empty()) fj["kconfig"] = s.pp_sets[pp];
  for (json& u : fn_unknowns) {
    u["what"] = name + ": " + u["what"].get<std::string>();
    unknowns.push_back(u);
  }
  return fj;
}

// Each function definition: a stub, the verifier's map checks, or a func_proto.
void read_functions(const csrc::Source& s, const std::vector<FuncDef>& defs, json& out) {
  vchecks::FuncIndex funcs;
  for (const FuncDef& f : defs) funcs.emplace(std::string(s.toks[f.name].text), f);
  for (const FuncDef& f : defs) {
    std::string name(s.toks[f.name].text);
    std::string stub = stub_value(s, f);
    if (!stub.empty()) out["stubs"][name] = stub;
    if (name == "check_map_prog_compatibility") {
      out["map_object_refusals"] = vchecks::read_object_refusals(s, f, funcs);
      out["map_prog_refusals"] = vchecks::read_map_type_refusals(s, f);
    } else if (name == "check_map_func_compatibility") {
      out["map_compat"] = vchecks::read_map_compat(s, f, funcs, out["unknowns"]);
    } else if (name.ends_with("func_proto") && takes_helper_id(s, f)) {
      out["func_protos"].push_back(read_func_proto(s, f, out["unknowns"]));
    }
  }
}

// The tokenizer's problems matter where it found something to read (a
// Documentation file that names BPF_FUNC_x is not C).
void add_tokenizer_problems(const csrc::Source& s, json& out) {
  bool read_something = !out["func_protos"].empty() || !out["verifier_ops"].empty() || !out["map_ops"].empty() ||
                        !out["prog_types"].empty() || !out["map_types"].empty() || out.contains("map_compat") ||
                        out.contains("map_prog_refusals");
  if (!read_something) return;
  for (const csrc::Problem& p : s.problems) out["unknowns"].push_back({{"line", p.line}, {"what", p.what}});
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
  std::vector<FuncDef> defs = read_top_level(s, out);
  read_functions(s, defs, out);
  add_tokenizer_problems(s, out);
  return out;
}

}  // namespace ksince
