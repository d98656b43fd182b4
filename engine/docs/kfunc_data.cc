#include "docs/kfunc_data.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>

#include "util/error.h"
#include "util/yaml_file.h"
#include "docs/yaml_emit.h"
#include "docs/yaml_scalar.h"

namespace ksince {

namespace {

size_t line_of(const YAML::Node& n) { return n.Mark().is_null() ? 0 : n.Mark().line + 1; }

// Walks a mapping in file order, refusing a key written twice (go-yaml v3
// refuses it too: "mapping key already defined").
template <typename F>
void for_each_key(const std::string& path, const YAML::Node& map, const char* what, F&& f) {
  if (!map.IsMap()) throw Error(cat(yaml_where(path, map), ": ", what, " must be a mapping (key: value)"));
  std::map<std::string, size_t> seen;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) throw Error(cat(yaml_where(path, kv.first), ": a key must be a plain name"));
    const std::string& key = kv.first.Scalar();
    auto [it, fresh] = seen.emplace(key, line_of(kv.first));
    if (!fresh)
      throw Error(cat(yaml_where(path, kv.first), ": '", key, "' is already defined on line ", it->second,
                      " of this mapping; merge the two"));
    f(key, kv.first, kv.second);
  }
}

std::string string_of(const std::string& path, const YAML::Node& n, const std::string& key) {
  if (n.IsNull()) return "";
  if (!n.IsScalar()) throw Error(cat(yaml_where(path, n), ": '", key, "' must be a string"));
  return n.Scalar();  // as written: 6.10 stays "6.10"
}

std::vector<std::string> strings_of(const std::string& path, const YAML::Node& n, const std::string& key) {
  std::vector<std::string> out;
  if (n.IsNull()) return out;
  if (!n.IsSequence()) throw Error(cat(yaml_where(path, n), ": '", key, "' must be a list of names"));
  for (const auto& v : n) out.push_back(string_of(path, v, key));
  return out;
}

SinceUntil since_until(const std::string& path, const YAML::Node& n, const std::string& key) {
  SinceUntil s;
  if (n.IsNull()) return s;
  for_each_key(path, n, key.c_str(), [&](const std::string& k, const YAML::Node&, const YAML::Node& v) {
    if (k == "version") s.version = string_of(path, v, k);
    else if (k == "commit") s.commit = string_of(path, v, k);
    else s.extra.push_back({k, yaml_value_text(v)});
  });
  return s;
}

std::vector<KfuncProgramType> program_types(const std::string& path, const YAML::Node& n);

}  // namespace

std::vector<KfuncProgramType> parse_kfunc_program_types(const YAML::Node& n, const std::string& path) {
  return program_types(path, n);
}

namespace {

std::vector<KfuncProgramType> program_types(const std::string& path, const YAML::Node& n) {
  std::vector<KfuncProgramType> out;
  if (n.IsNull()) return out;
  if (!n.IsSequence())
    throw Error(cat(yaml_where(path, n), ": program_types must be a list of `- name: BPF_PROG_TYPE_...`"));
  for (const auto& e : n) {
    KfuncProgramType p;
    p.line = line_of(e);
    bool named = false;
    for_each_key(path, e, "a program type", [&](const std::string& k, const YAML::Node&, const YAML::Node& v) {
      if (k == "name") p.name = string_of(path, v, k), named = true;
      else if (k == "since") p.since = since_until(path, v, k);
      else if (k == "until") p.until = since_until(path, v, k);
      else p.extra.push_back({k, yaml_value_text(v)});
    });
    if (!named || p.name.empty()) throw Error(cat(yaml_where(path, e), ": a program type needs a name"));
    out.push_back(std::move(p));
  }
  return out;
}

Kfunc kfunc(const std::string& path, const YAML::Node& e) {
  Kfunc f;
  f.line = line_of(e);
  for_each_key(path, e, "a kfunc", [&](const std::string& k, const YAML::Node&, const YAML::Node& v) {
    if (k == "name") {
      f.name = string_of(path, v, k);
    } else if (k == "flags") {
      f.flags = strings_of(path, v, k);
    } else if (k == "except") {
      f.has_except = true;
      if (v.IsNull()) return;
      for_each_key(path, v, "except", [&](const std::string& ek, const YAML::Node&, const YAML::Node& ev) {
        if (ek == "program_types") f.except = program_types(path, ev);
        else f.except_extra.push_back({ek, yaml_value_text(ev)});
      });
    } else {
      f.extra.push_back({k, yaml_value_text(v)});
    }
  });
  if (f.name.empty()) throw Error(cat(yaml_where(path, e), ": a kfunc needs a name (- name: bpf_...)"));
  return f;
}

KfuncSet kfunc_set(const std::string& path, const std::string& name, const YAML::Node& key, const YAML::Node& n) {
  KfuncSet s;
  s.name = name;
  s.line = line_of(key);
  if (n.IsNull()) return s;
  for_each_key(path, n, "a set", [&](const std::string& k, const YAML::Node&, const YAML::Node& v) {
    if (k == "funcs") {
      s.funcs.emplace();
      if (v.IsNull()) return;
      if (!v.IsSequence()) throw Error(cat(yaml_where(path, v), ": funcs must be a list of `- name: ...`"));
      for (const auto& e : v) s.funcs->push_back(kfunc(path, e));
    } else if (k == "program_types") {
      s.program_types = program_types(path, v);
    } else if (k == "attach_type") {
      s.attach_type = strings_of(path, v, k);
    } else {
      s.extra.push_back({k, yaml_value_text(v)});
    }
  });
  return s;
}

}  // namespace

bool looks_like_kfuncs(const YAML::Node& root) { return root.IsMap() && root["sets"]; }

KfuncData parse_kfuncs(const YAML::Node& root, const std::string& path) {
  if (!looks_like_kfuncs(root))
    throw Error(cat(path, ": not a kfuncs file (it has no top-level `sets:` mapping)"));
  KfuncData d;
  d.source = path;
  for_each_key(path, root, "the file", [&](const std::string& k, const YAML::Node&, const YAML::Node& v) {
    if (k != "sets") {
      d.extra.push_back({k, yaml_value_text(v)});
      return;
    }
    if (v.IsNull()) return;
    for_each_key(path, v, "sets", [&](const std::string& name, const YAML::Node& key, const YAML::Node& set) {
      d.sets.push_back(kfunc_set(path, name, key, set));
    });
  });
  return d;
}

KfuncData parse_kfuncs_file(const std::string& path) {
  YAML::Node root = load_yaml_file(path, "kfuncs file");
  return parse_kfuncs(root, path);
}

std::vector<BuildNote> check_kfuncs(const KfuncData& d, const std::set<std::string>& known) {
  std::vector<BuildNote> notes;
  auto note = [&](size_t line, std::string msg) { notes.push_back({d.source, line, std::move(msg)}); };
  auto check_types = [&](const std::vector<KfuncProgramType>& list, const std::string& in, const char* effect) {
    for (const KfuncProgramType& p : list)
      if (!known.count(p.name)) note(p.line, cat("unknown program type '", p.name, "' in ", in, "; ", effect));
  };
  struct Seen {
    const KfuncSet* set;
    const Kfunc* func;
  };
  std::map<std::string, std::vector<Seen>> by_name;
  for (const KfuncSet& s : d.sets) {
    if (!s.funcs || s.funcs->empty()) note(s.line, cat("set '", s.name, "' has no funcs"));
    if (s.program_types)
      check_types(*s.program_types, cat("set '", s.name, "'"), "kfunc-gen would link a page that does not exist");
    if (!s.funcs) continue;
    std::map<std::string, size_t> in_set;
    for (const Kfunc& f : *s.funcs) {
      auto [it, fresh] = in_set.emplace(f.name, f.line);
      if (!fresh)
        note(f.line, cat("kfunc '", f.name, "' is listed twice in set '", s.name, "' (first on line ", it->second,
                         "); remove one"));
      if (f.except) check_types(*f.except, cat("the except list of '", f.name, "'"), "it excludes nothing");
      by_name[f.name].push_back({&s, &f});
    }
  }
  // Across sets: the same kfunc with different flags, where kfunc-gen's
  // output would depend on Go's map order.
  for (const auto& [name, seen] : by_name) {
    const Seen& first = seen.front();
    for (size_t i = 1; i < seen.size(); i++) {
      const Seen& other = seen[i];
      if (other.set == first.set) continue;
      if (other.func->flags.value_or(std::vector<std::string>{}) != first.func->flags.value_or(std::vector<std::string>{}))
        note(other.func->line, cat("kfunc '", name, "' has other flags in set '", other.set->name, "' than in set '",
                                   first.set->name, "' (line ", first.func->line,
                                   "); ksince renders the flags of the last set in file order"));
    }
  }
  // In file order, as a person fixes them.
  std::stable_sort(notes.begin(), notes.end(), [](const BuildNote& a, const BuildNote& b) { return a.line < b.line; });
  return notes;
}

namespace {

void extras(std::string& out, const std::vector<ExtraKey>& list, size_t indent) {
  for (const ExtraKey& e : list)
    out += std::string(indent, ' ') + yaml_key(e.key) + ":" + yaml_indent(e.yaml, indent);
}

void tag(std::string& out, const char* key, const SinceUntil& s, size_t indent) {
  std::string pad(indent, ' ');
  out += pad + key + ":\n";
  out += pad + "  version: " + yaml_scalar(s.version, {indent + 2, false, 2}) + "\n";
  out += pad + "  commit: " + yaml_scalar(s.commit, {indent + 2, false, 2}) + "\n";
  extras(out, s.extra, indent + 2);
}

// A list of program types under its key at column `indent`.
void program_type_list(std::string& out, const std::vector<KfuncProgramType>& list, size_t indent) {
  if (list.empty()) {
    out += " []\n";
    return;
  }
  out += "\n";
  std::string pad(indent + 2, ' ');
  for (const KfuncProgramType& p : list) {
    out += pad + "- name: " + yaml_scalar(p.name, {indent + 4, false, 2}) + "\n";
    if (p.since) tag(out, "since", *p.since, indent + 4);
    if (p.until) tag(out, "until", *p.until, indent + 4);
    extras(out, p.extra, indent + 4);
  }
}

std::string flow_list(const std::vector<std::string>& list) {
  std::string out = "[";
  for (size_t i = 0; i < list.size(); i++) out += (i ? ", " : "") + yaml_flow_scalar(list[i]);
  return out + "]";
}

}  // namespace

std::string export_kfuncs_yaml(const KfuncData& d) {
  std::string out = "sets:";
  out += d.sets.empty() ? " {}\n" : "\n";
  for (size_t i = 0; i < d.sets.size(); i++) {
    const KfuncSet& s = d.sets[i];
    if (i) out += "\n";
    out += "  " + yaml_key(s.name) + ":";
    bool empty = !s.funcs && !s.program_types && !s.attach_type && s.extra.empty();
    out += empty ? " {}\n" : "\n";
    if (s.funcs) {
      out += "    funcs:";
      out += s.funcs->empty() ? " []\n" : "\n";
      for (const Kfunc& f : *s.funcs) {
        out += "      - name: " + yaml_scalar(f.name, {8, false, 2}) + "\n";
        if (f.flags) out += "        flags: " + flow_list(*f.flags) + "\n";
        if (f.has_except) {
          out += "        except:";
          if (!f.except && f.except_extra.empty()) {
            out += " {}\n";
          } else {
            out += "\n";
            if (f.except) {
              out += "          program_types:";
              program_type_list(out, *f.except, 10);
            }
            extras(out, f.except_extra, 10);
          }
        }
        extras(out, f.extra, 8);
      }
    }
    if (s.program_types) {
      out += "    program_types:";
      program_type_list(out, *s.program_types, 4);
    }
    if (s.attach_type) {
      out += "    attach_type:";
      if (s.attach_type->empty()) out += " []\n";
      else {
        out += "\n";
        for (const std::string& a : *s.attach_type) out += "      - " + yaml_scalar(a, {6, true, 2}) + "\n";
      }
    }
    extras(out, s.extra, 4);
  }
  extras(out, d.extra, 0);
  return out;
}

bool has_kfunc_flag(const KfuncData& data, const std::string& name, std::string_view flag) {
  for (const KfuncSet& set : data.sets) {
    if (!set.funcs) continue;
    for (const Kfunc& k : *set.funcs)
      if (k.name == name && k.flags && std::find(k.flags->begin(), k.flags->end(), flag) != k.flags->end())
        return true;
  }
  return false;
}

}  // namespace ksince
