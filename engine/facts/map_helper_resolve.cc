// Map type -> helpers of one tree, from the extracts of FuncProtoExtractor.
#include "facts/map_helper_resolve.h"

#include <algorithm>
#include <map>
#include <set>

namespace ksince {
namespace {

using nlohmann::json;

// The generic map helpers and the bpf_map_ops member that implements each.
const std::vector<std::pair<std::string, std::string>>& generic_map_helpers() {
  static const std::vector<std::pair<std::string, std::string>> g = {
      {"map_lookup_elem", "map_lookup_elem"},   {"map_update_elem", "map_update_elem"},
      {"map_delete_elem", "map_delete_elem"},   {"for_each_map_elem", "map_for_each_callback"},
      {"map_push_elem", "map_push_elem"},       {"map_pop_elem", "map_pop_elem"},
      {"map_peek_elem", "map_peek_elem"},       {"map_lookup_percpu_elem", "map_lookup_percpu_elem"},
      {"redirect_map", "map_redirect"}};
  return g;
}

}  // namespace

void resolve_map_helpers(const std::vector<ExtractedFile>& files, ResolvedFacts& out) {
  std::set<std::string> seen;
  const json* compat = nullptr;
  std::string compat_file;
  std::map<std::string, std::pair<const std::string*, const json*>> ops;  // name -> (file, ops)
  for (const ExtractedFile& f : files) {
    if (!f.local) continue;
    if (!compat && f.local->contains("map_compat")) {
      compat = &(*f.local)["map_compat"];
      compat_file = f.path;
    }
    for (const auto& [name, o] : (*f.local)["map_ops"].items()) ops.emplace(name, std::make_pair(&f.path, &o));
  }
  auto is_stub = [&](const std::string& fn, const std::string& ops_file) -> std::string {
    for (const ExtractedFile& f : files) {
      if (!f.local || !(*f.local)["stubs"].contains(fn)) continue;
      if (f.path == ops_file || f.path.size() < 2 || f.path.substr(f.path.size() - 2) == ".c")
        return (*f.local)["stubs"][fn].get<std::string>();
    }
    return "";
  };
  std::map<std::string, const json*> by_map;                   // map type -> section
  std::map<std::string, const json*> by_func;                  // helper id -> section
  if (compat) {
    for (const json& sec : (*compat)["by_map"])
      for (const json& l : sec["labels"]) by_map.emplace(l.get<std::string>(), &sec);
    for (const json& sec : (*compat)["by_func"])
      for (const json& l : sec["labels"]) {
        std::string label = l.get<std::string>();
        if (label.rfind("BPF_FUNC_", 0) == 0) by_func.emplace(label.substr(9), &sec);
      }
  }
  auto func_allows = [&](const std::string& id, const std::string& type) {
    auto it = by_func.find(id);
    if (it == by_func.end()) return true;
    const json& a = (*it->second)["allowed"];
    return std::find(a.begin(), a.end(), type) != a.end();
  };
  std::set<std::string> done_types;
  for (const ExtractedFile& f : files)
    if (f.local && f.local->contains("map_prog_refusals"))
      for (const json& r : (*f.local)["map_prog_refusals"]) done_types.insert(r["type"].get<std::string>());
  for (const ExtractedFile& f : files) {
    if (!f.local) continue;
    for (const json& mt : (*f.local)["map_types"]) {
      std::string type = mt["id"].get<std::string>();
      if (!done_types.insert(type).second) continue;
      std::string ops_name = mt["ops"].get<std::string>();
      auto add = [&](const std::string& id, json attrs, const std::string& file, uint32_t line) {
        if (seen.insert(type + " bpf_" + id).second)
          out.facts.push_back({"map_helper", type + " bpf_" + id, std::move(attrs), file, line});
      };
      auto sec = by_map.find(type);
      if (sec != by_map.end()) {
        uint32_t line = (*sec->second)["line"].get<uint32_t>();
        for (const json& a : (*sec->second)["allowed"]) {
          std::string id = a.get<std::string>();
          if (func_allows(id, type)) add(id, {{"source", "check_map_func_compatibility"}}, compat_file, line);
        }
        if (sec->second->contains("via"))
          for (const json& v : (*sec->second)["via"]) {
            std::string fn = v.get<std::string>();
            if (!(*compat)["via"].contains(fn)) continue;
            const json& vj = (*compat)["via"][fn];
            for (const json& h : vj["helpers"]) {
              std::string id = h.get<std::string>();
              json attrs = {{"source", fn}};
              if (vj["prog"].contains(id)) attrs["prog"] = vj["prog"][id];
              add(id, attrs, compat_file, vj["line"].get<uint32_t>());
            }
          }
        continue;
      }
      for (const auto& [id, s] : by_func) {
        const json& a = (*s)["allowed"];
        if (std::find(a.begin(), a.end(), type) != a.end())
          add(id, {{"source", "check_map_func_compatibility"}}, compat_file, (*s)["line"].get<uint32_t>());
      }
      auto o = ops.find(ops_name);
      if (o == ops.end()) {
        out.unknowns.push_back({f.path, mt["line"].get<uint32_t>(), type + ": map ops " + ops_name + " not found"});
        continue;
      }
      const json& fields = (*o->second.second)["fields"];
      for (const auto& [id, field] : generic_map_helpers()) {
        if (by_func.count(id) || !fields.contains(field)) continue;
        std::string impl = fields[field].get<std::string>();
        if (impl == "NULL" || !is_stub(impl, *o->second.first).empty()) continue;
        add(id, {{"source", ops_name + "." + field}}, *o->second.first, (*o->second.second)["line"].get<uint32_t>());
      }
    }
  }
}

}  // namespace ksince
