// KfuncExtractor::resolve: the kfunc facts of a tree from its files' extracts,
// in four phases: gather the extracts into typed records (sets merged over
// files, list macros expanded), resolve each registration to its set and
// filter, the kfunc facts of the kfunc sets, then the program types that may
// call each kfunc.
#include <algorithm>
#include <compare>
#include <map>
#include <optional>
#include <set>

#include "util/append_unique.h"
#include "facts/kfunc_extractor.h"
#include "facts/kfunc_filter.h"
#include "facts/kfunc_macros.h"

namespace ksince {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

bool c_file(const std::string& p) {
  return p.size() > 2 && (p.compare(p.size() - 2, 2, ".c") == 0 || p.compare(p.size() - 2, 2, ".h") == 0);
}

// ---- Phase 1: the files' extracts, gathered.

// A kfunc as a set lists it: one BTF_ID_FLAGS, or an entry of a list macro
// used in the set (then with the use's conditions and line).
struct Listing {
  std::string name;
  Strings flags, kconfig;
  uint32_t line = 0;
};

// A set's member, merged over the set's definitions.
struct Member {
  Strings flags;
  bool always = false;  // some definition lists it under no CONFIG_ condition
  Strings kconfig;      // else: the conditions it is listed under
  std::string file;
  uint32_t line = 0;
};

struct Set {
  // Some definition is BTF_KFUNCS_START (else all are BTF_SET8_START, a
  // kfunc set only when a kfunc registration uses it).
  bool kfuncs_block = false;
  std::map<std::string, Member> funcs;
  Strings order;  // funcs in source order
};

struct IdSet {
  const ExtractedFile* file;
  uint32_t line;
  std::optional<std::string> set, filter;
};

// register_btf_kfunc_id_set(type, &id_set), as written.
struct RegSite {
  const ExtractedFile* file;
  std::string type, id_set;
  uint32_t line;
};

struct Hook {
  std::string name;
  uint32_t line;  // its case label
};

struct Filter {
  std::string name, file;
  const json* body;  // kfilter's rules
};

struct KfuncDef {
  std::string signature;
  bool marked;  // __bpf_kfunc
};

struct Tree {
  std::map<std::string, Set> sets;
  std::map<std::string, std::vector<IdSet>> id_sets;  // name -> definitions
  std::vector<RegSite> regs;
  std::map<std::string, Hook> hook_of;  // program type -> hook
  std::string hook_file;
  std::vector<Filter> filters;
  std::map<std::string, KfuncDef> defs;
};

using ListMacros = std::map<std::string, const json*>;

// The tree's list macros by name (the first file's wins): a set may use a
// list that a header defines.
ListMacros list_macros_of(const std::vector<ExtractedFile>& files) {
  ListMacros out;
  for (const ExtractedFile& f : files)
    if (c_file(f.path) && f.local->contains("list_macros"))
      for (auto& [name, v] : f.local->at("list_macros").items()) out.emplace(name, &v);
  return out;
}

// What set `s` of file `f` lists: its BTF_ID_FLAGS, then its list macros
// expanded (those that do not expand are unknowns).
std::vector<Listing> listings(const json& s, const ExtractedFile& f, const ListMacros& list_macros, ResolvedFacts& r) {
  std::vector<Listing> out;
  for (const json& fn : s["funcs"]) out.push_back({fn["name"], fn["flags"], fn["kconfig"], fn["line"]});
  if (!s.contains("uses")) return out;
  const json& x = *f.local;
  const json no_macros = json::object();
  for (const json& u : s["uses"]) {
    std::string use = u["name"];
    auto it = list_macros.find(use);
    json got = kmacros::expand(use, u["line"], x.contains("entry_macros") ? x["entry_macros"] : no_macros,
                               it == list_macros.end() ? nullptr : it->second);
    if (got.is_string()) {
      r.unknowns.push_back({f.path, u["line"].get<uint32_t>(), got.get<std::string>()});
      continue;
    }
    for (const json& e : got) out.push_back({e["name"], e["flags"], u["kconfig"], u["line"]});
  }
  return out;
}

// Two definitions of one set name (static sets in two files, or #if
// branches): their members are one set's, as the site names sets.
void add_set(Tree& t, const json& s, const ExtractedFile& f, const ListMacros& list_macros, ResolvedFacts& r) {
  Set& set = t.sets[s["name"].get<std::string>()];
  if (s["kind"] == "kfuncs") set.kfuncs_block = true;
  for (const Listing& l : listings(s, f, list_macros, r)) {
    auto [it, fresh] = set.funcs.try_emplace(l.name);
    Member& m = it->second;
    if (fresh) {
      m.file = f.path;
      m.line = l.line;
      set.order.push_back(l.name);
    }
    for (const auto& fl : l.flags) append_unique(m.flags, fl);
    if (l.kconfig.empty()) m.always = true;
    else if (!m.always)
      for (const auto& c : l.kconfig) append_unique(m.kconfig, c);
  }
}

void add_file(Tree& t, const ExtractedFile& f, const ListMacros& list_macros, ResolvedFacts& r) {
  const json& x = *f.local;
  for (const json& s : x["sets"]) add_set(t, s, f, list_macros, r);
  for (auto& [name, v] : x["id_sets"].items()) {
    IdSet d{&f, v["line"], std::nullopt, std::nullopt};
    if (v.contains("set")) d.set = v["set"].get<std::string>();
    if (v.contains("filter")) d.filter = v["filter"].get<std::string>();
    t.id_sets[name].push_back(d);
  }
  for (const json& g : x["regs"]) t.regs.push_back({&f, g["type"], g["id_set"], g["line"]});
  if (!x["hooks"].empty() && t.hook_of.empty()) {  // the first hook table
    t.hook_file = f.path;
    for (const json& h : x["hooks"]) t.hook_of.emplace(h[0].get<std::string>(), Hook{h[1], h[2]});
  }
  for (auto& [name, v] : x["filters"].items()) t.filters.push_back({name, f.path, &v});
  for (auto& [name, v] : x["defs"].items()) {
    auto it = t.defs.find(name);
    // A __bpf_kfunc definition wins over an unmarked one of the same name.
    if (it == t.defs.end() || (!it->second.marked && v["marked"].get<bool>())) t.defs[name] = {v["signature"], v["marked"]};
  }
  for (const json& u : x["unknowns"]) r.unknowns.push_back({f.path, u["line"].get<uint32_t>(), u["what"].get<std::string>()});
}

// Only .c and .h files count (Documentation/ holds examples in the same idioms).
Tree gather(const std::vector<ExtractedFile>& files, ResolvedFacts& r) {
  Tree t;
  ListMacros list_macros = list_macros_of(files);
  for (const ExtractedFile& f : files)
    if (c_file(f.path)) add_file(t, f, list_macros, r);
  return t;
}

void add_hook_facts(const Tree& t, ResolvedFacts& r) {
  for (const auto& [type, hook] : t.hook_of) r.facts.push_back({"kfunc_hook", type + " " + hook.name, json::object(), t.hook_file, hook.line});
}

void report_unread_filters(const Tree& t, ResolvedFacts& r) {
  for (const Filter& fl : t.filters)
    if (fl.body->contains("unknown"))
      r.unknowns.push_back({fl.file, fl.body->at("line").get<uint32_t>(),
                            "filter " + fl.name + " not read to the end: " + fl.body->at("unknown").get<std::string>()});
}

// ---- Phase 2: registrations resolved to their set and filter.

struct Reg {
  std::string type, set, file;
  uint32_t line;
  std::optional<size_t> filter;  // into Tree::filters; none: no .filter
};

// The id set a registration names: the one of its own file first (id sets
// are static), else the only one of that name.
const IdSet* id_set_of(const Tree& t, const RegSite& g) {
  auto it = t.id_sets.find(g.id_set);
  if (it == t.id_sets.end()) return nullptr;
  const IdSet* def = nullptr;
  for (const IdSet& d : it->second)
    if (d.file == g.file) def = &d;
  if (!def && it->second.size() == 1) def = &it->second[0];
  return def;
}

// An id set's filter: the function of that name in the id set's file.
std::optional<size_t> filter_of(const Tree& t, const IdSet& d) {
  std::optional<size_t> found;
  for (size_t i = 0; i < t.filters.size(); ++i)
    if (t.filters[i].name == *d.filter && t.filters[i].file == d.file->path) found = i;
  return found;
}

std::vector<Reg> resolve_registrations(const Tree& t, ResolvedFacts& r) {
  std::vector<Reg> out;
  for (const RegSite& g : t.regs) {
    const IdSet* def = id_set_of(t, g);
    if (!def) {
      r.unknowns.push_back({g.file->path, g.line, "register_btf_kfunc_id_set of " + g.id_set + ": no single btf_kfunc_id_set of that name"});
      continue;
    }
    if (!def->set) continue;  // reported at the id set
    Reg reg{g.type, *def->set, g.file->path, g.line, std::nullopt};
    if (def->filter) {
      reg.filter = filter_of(t, *def);
      if (!reg.filter)
        r.unknowns.push_back({def->file->path, def->line, "filter " + *def->filter + " of " + g.id_set + " is not defined in this file"});
    }
    if (!t.sets.count(reg.set)) {
      r.unknowns.push_back({g.file->path, g.line, "register_btf_kfunc_id_set of " + g.id_set + ": its set " + reg.set + " is not defined"});
      continue;
    }
    out.push_back(reg);
  }
  return out;
}

// ---- Phase 3: kfunc_set, kfunc and kfunc_flag facts.

using SetsOf = std::map<std::string, std::set<std::string>>;  // kfunc -> its kfunc sets

struct Kfunc {
  Strings sets, flags;
  std::string file;
  uint32_t line = 0;  // the first listing, in path order
};

// The sets that are kfunc sets: BTF_KFUNCS ones, and BTF_SET8 ones that a
// kfunc registration uses (others are fmodret or plain id sets).
std::set<std::string> kfunc_set_names(const Tree& t, const std::vector<Reg>& regs) {
  std::set<std::string> registered, out;
  for (const Reg& g : regs) registered.insert(g.set);
  for (const auto& [name, s] : t.sets)
    if (s.kfuncs_block || registered.count(name)) out.insert(name);
  return out;
}

// A kfunc_set fact per member of a kfunc set; the kfuncs they add up to.
std::map<std::string, Kfunc> add_set_facts(const Tree& t, const std::vector<Reg>& regs, SetsOf& sets_of, ResolvedFacts& r) {
  std::map<std::string, Kfunc> kfuncs;
  for (const std::string& sname : kfunc_set_names(t, regs)) {
    const Set& s = t.sets.at(sname);
    for (const auto& k : s.order) {
      const Member& m = s.funcs.at(k);
      Kfunc& kf = kfuncs[k];
      append_unique(kf.sets, sname);
      sets_of[k].insert(sname);
      for (const auto& fl : m.flags) append_unique(kf.flags, fl);
      if (kf.file.empty() || std::make_pair(m.file, m.line) < std::make_pair(kf.file, kf.line)) {
        kf.file = m.file;
        kf.line = m.line;
      }
      json kconfig = m.always ? json::array() : json(m.kconfig);
      r.facts.push_back({"kfunc_set", sname + " " + k, {{"flags", m.flags}, {"kconfig", kconfig}}, m.file, m.line});
    }
  }
  return kfuncs;
}

SetsOf add_kfunc_facts(const Tree& t, const std::vector<Reg>& regs, ResolvedFacts& r) {
  SetsOf sets_of;
  for (auto& [k, kf] : add_set_facts(t, regs, sets_of, r)) {
    json attrs = {{"sets", kf.sets}, {"flags", kf.flags}};
    auto d = t.defs.find(k);
    if (d != t.defs.end()) attrs["signature"] = d->second.signature;
    r.facts.push_back({"kfunc", k, attrs, kf.file, kf.line});
    // "KF_X name": the kfunc last, so that `ksince query name` shows its flags.
    for (const auto& fl : kf.flags) r.facts.push_back({"kfunc_flag", fl + " " + k, json::object(), kf.file, kf.line});
  }
  return sets_of;
}

// ---- Phase 4: prog_kfunc facts. A registration is for the hook of its
// type; UNSPEC is for every type of the hook table. Each hook's filters see
// every kfunc of that hook (the kernel runs them all and they test the set
// themselves).

const std::string kUnspec = "BPF_PROG_TYPE_UNSPEC";

// Where a registration's program type leads.
struct HookKey {
  enum Kind {
    EveryType,  // UNSPEC: every type of the hook table
    TypeAlone,  // before the hook table existed: the type itself (name)
    OneHook,    // the types of hook `name`
  } kind;
  std::string name;
  auto operator<=>(const HookKey&) const = default;
};

// None: the table has no hook for the type.
std::optional<HookKey> hook_key(const Tree& t, const std::string& type) {
  if (type == kUnspec) return HookKey{HookKey::EveryType, ""};
  auto it = t.hook_of.find(type);
  if (it != t.hook_of.end()) return HookKey{HookKey::OneHook, it->second.name};
  if (t.hook_of.empty()) return HookKey{HookKey::TypeAlone, type};
  return std::nullopt;
}

Strings types_of(const Tree& t, const HookKey& key) {
  if (key.kind == HookKey::TypeAlone) return {key.name};
  Strings out;
  for (const auto& [type, hook] : t.hook_of)
    if (type != kUnspec && (key.kind == HookKey::EveryType || hook.name == key.name)) out.push_back(type);
  return out;
}

// What a hook's filters say together of a kfunc called from a program type:
// refused if one refuses, else unknown or conditional if one is.
struct Judgement {
  kfilter::Verdict verdict = kfilter::Verdict::Allow;
  Strings conditions, unknown_filters;
};

Judgement judge(const Tree& t, const std::vector<size_t>& filters, const std::string& type, const std::set<std::string>& sets) {
  Judgement j;
  for (size_t i : filters) {
    kfilter::Outcome o = kfilter::evaluate(*t.filters[i].body, type, sets);
    if (o.verdict == kfilter::Verdict::Refuse) return {kfilter::Verdict::Refuse, {}, {}};
    if (o.verdict == kfilter::Verdict::Unknown) {
      j.verdict = o.verdict;
      append_unique(j.unknown_filters, t.filters[i].name);
    } else if (o.verdict == kfilter::Verdict::Conditional) {
      if (j.verdict == kfilter::Verdict::Allow) j.verdict = o.verdict;
      append_unique(j.conditions, o.condition);
    }
  }
  return j;
}

// A (program type, kfunc) pair over the registrations that give it.
struct Pair {
  Strings sets, via;
  bool plain = false;  // some registration allows it without condition
  Strings conditions, unknown_filters;
  std::string file;
  uint32_t line = 0;

  void add(const Reg& g, const Judgement& j) {
    append_unique(sets, g.set);
    append_unique(via, g.type);
    if (file.empty()) {
      file = g.file;
      line = g.line;
    }
    if (j.verdict == kfilter::Verdict::Allow) plain = true;
    for (const auto& c : j.conditions) append_unique(conditions, c);
    for (const auto& u : j.unknown_filters) append_unique(unknown_filters, u);
  }
};

using KeyedRegs = std::vector<std::pair<const Reg*, HookKey>>;

// Each registration's hook key (those without one are unknowns), and each
// hook's filters.
KeyedRegs key_registrations(const Tree& t, const std::vector<Reg>& regs, std::map<HookKey, std::vector<size_t>>& hook_filters,
                            ResolvedFacts& r) {
  KeyedRegs out;
  for (const Reg& g : regs) {
    std::optional<HookKey> key = hook_key(t, g.type);
    if (!key) {
      r.unknowns.push_back({g.file, g.line, "register_btf_kfunc_id_set for " + g.type + ", which has no kfunc hook in " +
                                                (t.hook_file.empty() ? "bpf_prog_type_to_kfunc_hook" : t.hook_file)});
      continue;
    }
    std::vector<size_t>& fs = hook_filters[*key];
    if (g.filter && std::find(fs.begin(), fs.end(), *g.filter) == fs.end()) fs.push_back(*g.filter);
    out.push_back({&g, *key});
  }
  return out;
}

void add_prog_kfunc_facts(const Tree& t, const std::vector<Reg>& regs, SetsOf& sets_of, ResolvedFacts& r) {
  std::map<HookKey, std::vector<size_t>> hook_filters;
  std::map<std::string, Pair> pairs;  // "type kfunc"
  for (const auto& [g, key] : key_registrations(t, regs, hook_filters, r))
    for (const std::string& type : types_of(t, key))
      for (const auto& k : t.sets.at(g->set).order) {
        Judgement j = judge(t, hook_filters[key], type, sets_of[k]);
        if (j.verdict != kfilter::Verdict::Refuse) pairs[type + " " + k].add(*g, j);
      }
  for (const auto& [key, p] : pairs) {
    json attrs = {{"sets", p.sets}, {"via", p.via}};
    if (!p.plain) {
      if (!p.conditions.empty()) attrs["filter_condition"] = p.conditions;
      if (!p.unknown_filters.empty()) attrs["filter_unknown"] = p.unknown_filters;
    }
    r.facts.push_back({"prog_kfunc", key, attrs, p.file, p.line});
  }
}

}  // namespace

ResolvedFacts KfuncExtractor::resolve(const std::vector<ExtractedFile>& files) const {
  ResolvedFacts r;
  Tree t = gather(files, r);
  add_hook_facts(t, r);
  report_unread_filters(t, r);
  std::vector<Reg> regs = resolve_registrations(t, r);
  SetsOf sets_of = add_kfunc_facts(t, regs, r);
  add_prog_kfunc_facts(t, regs, sets_of, r);
  return r;
}

}  // namespace ksince
