// KfuncExtractor::resolve: the kfunc facts of a tree from its files' extracts.
#include <algorithm>
#include <map>
#include <set>

#include "facts/kfunc_extractor.h"
#include "facts/kfunc_filter.h"
#include "facts/kfunc_macros.h"

namespace ksince {
namespace {

using nlohmann::json;

bool c_file(const std::string& p) {
  return p.size() > 2 && (p.compare(p.size() - 2, 2, ".c") == 0 || p.compare(p.size() - 2, 2, ".h") == 0);
}

void add_unique(json& list, const std::string& v) {
  if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
}

struct Entry {
  json flags = json::array();
  json kconfig = json::array();
  std::string file;
  uint32_t line = 0;
};

struct Set {
  std::string kind;  // "kfuncs" | "set8"
  std::string file;
  uint32_t line = 0;
  std::map<std::string, Entry> funcs;
  std::vector<std::string> order;  // funcs in source order
};

struct Filter {
  std::string name, file;
  const json* body;
};

// A registration resolved to its set and filter.
struct Reg {
  std::string type, set, file;
  uint32_t line;
  const Filter* filter = nullptr;  // null: no .filter
};

struct PairInfo {
  json sets = json::array(), via = json::array();
  bool plain = false;  // some path allows it without condition
  json conditions = json::array(), unknown_filters = json::array();
  std::string file;
  uint32_t line = 0;
};

}  // namespace

ResolvedFacts KfuncExtractor::resolve(const std::vector<ExtractedFile>& files) const {
  ResolvedFacts r;
  std::map<std::string, Set> sets;
  std::map<std::string, std::vector<std::pair<const ExtractedFile*, const json*>>> id_sets;  // name -> definitions
  std::vector<std::pair<const ExtractedFile*, const json*>> regs;
  std::map<std::string, std::pair<std::string, uint32_t>> hook_of;  // type -> (hook, line)
  std::string hook_file;
  std::vector<Filter> filters;  // stable addresses: reserved below
  std::map<std::string, const json*> defs;
  std::map<std::string, std::string> def_file;

  size_t nfilters = 0;
  for (const ExtractedFile& f : files)
    if (c_file(f.path)) nfilters += f.local->at("filters").size();
  filters.reserve(nfilters);

  std::map<std::string, const json*> list_macros;
  for (const ExtractedFile& f : files)
    if (c_file(f.path) && f.local->contains("list_macros"))
      for (auto& [name, v] : f.local->at("list_macros").items()) list_macros.emplace(name, &v);
  const json no_macros = json::object();

  for (const ExtractedFile& f : files) {
    if (!c_file(f.path)) continue;
    const json& x = *f.local;
    for (const json& s : x["sets"]) {
      std::string name = s["name"];
      Set& set = sets[name];
      if (set.file.empty()) {
        set.kind = s["kind"];
        set.file = f.path;
        set.line = s["line"];
      } else if (set.kind != s["kind"].get<std::string>() || set.file != f.path) {
        // Two definitions of one name (static sets in two files, or #if
        // branches): their members are one set's, as the site names sets.
        if (s["kind"] == "kfuncs") set.kind = "kfuncs";
      }
      json funcs = s["funcs"];
      if (s.contains("uses")) {
        for (const json& u : s["uses"]) {
          std::string use = u["name"];
          auto it = list_macros.find(use);
          json got = kmacros::expand(use, u["line"], x.contains("entry_macros") ? x["entry_macros"] : no_macros,
                                     it == list_macros.end() ? nullptr : it->second);
          if (got.is_string()) {
            r.unknowns.push_back({f.path, u["line"].get<uint32_t>(), got.get<std::string>()});
            continue;
          }
          for (json& e : got) {
            e["kconfig"] = u["kconfig"];
            e["line"] = u["line"];
            funcs.push_back(e);
          }
        }
      }
      for (const json& fn : funcs) {
        std::string k = fn["name"];
        auto [it, fresh] = set.funcs.try_emplace(k);
        Entry& e = it->second;
        if (fresh) {
          e.file = f.path;
          e.line = fn["line"];
          set.order.push_back(k);
        }
        for (const auto& fl : fn["flags"]) add_unique(e.flags, fl);
        if (fn["kconfig"].empty()) e.kconfig = json::array({"always"});
        else if (e.kconfig != json::array({"always"}))
          for (const auto& c : fn["kconfig"]) add_unique(e.kconfig, c);
      }
    }
    for (auto& [name, v] : x["id_sets"].items()) id_sets[name].push_back({&f, &v});
    for (const json& g : x["regs"]) regs.push_back({&f, &g});
    if (!x["hooks"].empty() && hook_of.empty()) {
      hook_file = f.path;
      for (const json& h : x["hooks"]) hook_of.emplace(h[0].get<std::string>(), std::make_pair(h[1].get<std::string>(), h[2].get<uint32_t>()));
    }
    for (auto& [name, v] : x["filters"].items()) filters.push_back({name, f.path, &v});
    for (auto& [name, v] : x["defs"].items()) {
      auto it = defs.find(name);
      // A __bpf_kfunc definition wins over an unmarked one of the same name.
      if (it == defs.end() || (!it->second->at("marked").get<bool>() && v["marked"].get<bool>())) {
        defs[name] = &v;
        def_file[name] = f.path;
      }
    }
    for (const json& u : x["unknowns"]) r.unknowns.push_back({f.path, u["line"].get<uint32_t>(), u["what"].get<std::string>()});
  }
  for (auto& kv : hook_of) r.facts.push_back({"kfunc_hook", kv.first + " " + kv.second.first, json::object(), hook_file, kv.second.second});
  for (const Filter& fl : filters)
    if (fl.body->contains("unknown"))
      r.unknowns.push_back({fl.file, fl.body->at("line").get<uint32_t>(),
                            "filter " + fl.name + " not read to the end: " + fl.body->at("unknown").get<std::string>()});

  // Registrations: the id set of the same file first (they are static), else
  // the only one of that name.
  std::vector<Reg> rs;
  for (auto [f, g] : regs) {
    std::string id = (*g)["id_set"];
    uint32_t line = (*g)["line"];
    auto it = id_sets.find(id);
    const std::pair<const ExtractedFile*, const json*>* def = nullptr;
    if (it != id_sets.end()) {
      for (const auto& d : it->second)
        if (d.first == f) def = &d;
      if (!def && it->second.size() == 1) def = &it->second[0];
    }
    if (!def) {
      r.unknowns.push_back({f->path, line, "register_btf_kfunc_id_set of " + id + ": no single btf_kfunc_id_set of that name"});
      continue;
    }
    const json& v = *def->second;
    if (!v.contains("set")) continue;  // reported at the id set
    Reg reg{(*g)["type"], v["set"], f->path, line};
    if (v.contains("filter")) {
      std::string fname = v["filter"];
      for (const Filter& fl : filters)
        if (fl.name == fname && fl.file == def->first->path) reg.filter = &fl;
      if (!reg.filter)
        r.unknowns.push_back({def->first->path, v["line"].get<uint32_t>(), "filter " + fname + " of " + id + " is not defined in this file"});
    }
    if (!sets.count(reg.set)) {
      r.unknowns.push_back({f->path, line, "register_btf_kfunc_id_set of " + id + ": its set " + reg.set + " is not defined"});
      continue;
    }
    rs.push_back(reg);
  }

  // The sets that are kfunc sets: BTF_KFUNCS ones, and BTF_SET8 ones that
  // a kfunc registration uses (others are fmodret or plain id sets).
  std::set<std::string> registered;
  for (const Reg& g : rs) registered.insert(g.set);
  auto is_kfunc_set = [&](const std::string& name, const Set& s) { return s.kind == "kfuncs" || registered.count(name); };

  struct Kfunc {
    json sets = json::array(), flags = json::array();
    std::string file;
    uint32_t line = 0;
  };
  std::map<std::string, Kfunc> kfuncs;
  std::map<std::string, std::set<std::string>> sets_of;
  for (const auto& [sname, s] : sets) {
    if (!is_kfunc_set(sname, s)) continue;
    for (const auto& k : s.order) {
      const Entry& e = s.funcs.at(k);
      Kfunc& kf = kfuncs[k];
      add_unique(kf.sets, sname);
      sets_of[k].insert(sname);
      for (const auto& fl : e.flags) {
        add_unique(kf.flags, fl);
      }
      if (kf.file.empty() || std::make_pair(e.file, e.line) < std::make_pair(kf.file, kf.line)) {
        kf.file = e.file;
        kf.line = e.line;
      }
      json kc = e.kconfig == json::array({"always"}) ? json::array() : e.kconfig;
      r.facts.push_back({"kfunc_set", sname + " " + k, {{"flags", e.flags}, {"kconfig", kc}}, e.file, e.line});
    }
  }
  std::set<std::pair<std::string, std::string>> flag_done;
  for (auto& [k, kf] : kfuncs) {
    json attrs = {{"sets", kf.sets}, {"flags", kf.flags}};
    auto d = defs.find(k);
    if (d != defs.end()) attrs["signature"] = d->second->at("signature");
    r.facts.push_back({"kfunc", k, attrs, kf.file, kf.line});
    // "KF_X name": the kfunc last, so that `ksince query name` shows its flags.
    for (const auto& fl : kf.flags) r.facts.push_back({"kfunc_flag", fl.get<std::string>() + " " + k, json::object(), kf.file, kf.line});
  }

  // Program types. A registration is for the hook of its type; UNSPEC is for
  // every type of the hook table. Each hook's filters see every kfunc of
  // that hook (the kernel runs them all and they test the set themselves).
  const std::string kUnspec = "BPF_PROG_TYPE_UNSPEC";
  auto hook_key = [&](const std::string& type) -> std::string {
    if (type == kUnspec) return "*unspec";
    auto it = hook_of.find(type);
    if (it != hook_of.end()) return it->second.first;
    return hook_of.empty() ? "*type " + type : "";  // before the hook table: the type alone
  };
  auto types_of = [&](const std::string& key, const std::string& type) {
    std::vector<std::string> out;
    if (key == "*unspec") {
      for (const auto& kv : hook_of)
        if (kv.first != kUnspec) out.push_back(kv.first);
    } else if (key.rfind("*type ", 0) == 0) {
      out.push_back(type);
    } else {
      for (const auto& kv : hook_of)
        if (kv.second.first == key && kv.first != kUnspec) out.push_back(kv.first);
    }
    return out;
  };
  std::map<std::string, std::vector<const Filter*>> hook_filters;
  for (const Reg& g : rs) {
    std::string key = hook_key(g.type);
    if (key.empty()) {
      r.unknowns.push_back({g.file, g.line, "register_btf_kfunc_id_set for " + g.type + ", which has no kfunc hook in " +
                                                (hook_file.empty() ? "bpf_prog_type_to_kfunc_hook" : hook_file)});
      continue;
    }
    if (g.filter && std::find(hook_filters[key].begin(), hook_filters[key].end(), g.filter) == hook_filters[key].end())
      hook_filters[key].push_back(g.filter);
  }
  std::map<std::string, PairInfo> pairs;
  for (const Reg& g : rs) {
    std::string key = hook_key(g.type);
    if (key.empty()) continue;
    const Set& set = sets.at(g.set);
    for (const std::string& p : types_of(key, g.type)) {
      for (const auto& k : set.order) {
        kfilter::Verdict worst = kfilter::Verdict::Allow;
        json conds = json::array(), unknown = json::array();
        for (const Filter* fl : hook_filters[key]) {
          kfilter::Outcome o = kfilter::evaluate(*fl->body, p, sets_of[k]);
          if (o.verdict == kfilter::Verdict::Refuse) worst = o.verdict;
          if (worst == kfilter::Verdict::Refuse) break;
          if (o.verdict == kfilter::Verdict::Unknown) {
            worst = o.verdict;
            add_unique(unknown, fl->name);
          } else if (o.verdict == kfilter::Verdict::Conditional) {
            if (worst == kfilter::Verdict::Allow) worst = o.verdict;
            add_unique(conds, o.condition);
          }
        }
        if (worst == kfilter::Verdict::Refuse) continue;
        PairInfo& pi = pairs[p + " " + k];
        add_unique(pi.sets, g.set);
        add_unique(pi.via, g.type);
        if (pi.file.empty()) {
          pi.file = g.file;
          pi.line = g.line;
        }
        if (worst == kfilter::Verdict::Allow) pi.plain = true;
        for (const auto& c : conds) add_unique(pi.conditions, c);
        for (const auto& u : unknown) add_unique(pi.unknown_filters, u);
      }
    }
  }
  for (auto& [key, pi] : pairs) {
    json attrs = {{"sets", pi.sets}, {"via", pi.via}};
    if (!pi.plain) {
      if (!pi.conditions.empty()) attrs["filter_condition"] = pi.conditions;
      if (!pi.unknown_filters.empty()) attrs["filter_unknown"] = pi.unknown_filters;
    }
    r.facts.push_back({"prog_kfunc", key, attrs, pi.file, pi.line});
  }
  return r;
}

}  // namespace ksince
