#include "docs/kfuncs_from_facts.h"

#include <algorithm>
#include <map>
#include <set>

#include "facts/derived_facts.h"
#include "util/error.h"
#include "store/read_answers.h"

namespace ksince {

bool has_derived_kfuncs(Store& store) {
  Stmt q = store.prepare(
      "SELECT 1 FROM derived_facts d JOIN fact_presence p ON p.fact_id = d.id WHERE d.kind = 'kfunc_set' LIMIT 1");
  return q.step();
}

std::optional<std::string> source_signature(Store& store, const std::string& kfunc,
                                            const std::optional<std::string>& at_or_newest) {
  const std::string at = tag_or_newest(store, at_or_newest);
  if (std::optional<DerivedAnswer> a = derived_fact(store, "kfunc", kfunc, at)) {
    auto it = a->attrs.find("signature");
    if (it != a->attrs.end() && it->is_string()) return it->get<std::string>();
  }
  return std::nullopt;
}

KfuncData kfuncs_from_facts(Store& store, const std::optional<std::string>& at_or_newest) {
  if (!facts_derived(store))
    throw Error(cat(store.path(), ": no kfunc facts derived from the source; run `ksince index` (without "
                    "--no-facts) on a kernel repository"));
  const std::string at = tag_or_newest(store, at_or_newest);
  std::vector<std::string> tags = selected_tags(store);
  std::map<std::string, size_t> pos;
  for (size_t i = 0; i < tags.size(); i++) pos.emplace(tags[i], i);

  // Sets and their members, in the order of their definition in the source.
  struct Member {
    std::string kfunc;
    std::vector<std::string> flags;
    std::string file;
    uint32_t line;
    std::string since;
  };
  std::map<std::string, std::vector<Member>> members;
  for (const DerivedAnswer& a : derived_facts(store, "kfunc_set", at)) {
    auto [set, kfunc] = split_pair_key(a.key);
    Member m{kfunc, {}, a.file, a.line, a.since};
    if (auto f = a.attrs.find("flags"); f != a.attrs.end() && f->is_array())
      for (const auto& x : *f) m.flags.push_back(x.get<std::string>());
    members[set].push_back(std::move(m));
  }
  for (auto& [set, ms] : members)
    std::sort(ms.begin(), ms.end(), [](const Member& x, const Member& y) {
      return std::tie(x.file, x.line, x.kfunc) < std::tie(y.file, y.line, y.kfunc);
    });

  // Which types may call which kfunc through which set.
  std::vector<DerivedAnswer> pairs = derived_facts(store, "prog_kfunc", at);
  std::map<std::string, std::map<std::string, std::set<std::string>>> allowed;  // set -> kfunc -> types
  std::map<std::pair<std::string, std::string>, const DerivedAnswer*> oldest;   // (set, type) -> oldest pair
  for (const DerivedAnswer& p : pairs) {
    auto [type, kfunc] = split_pair_key(p.key);
    auto sets = p.attrs.find("sets");
    if (sets == p.attrs.end() || !sets->is_array()) continue;
    for (const auto& s : *sets) {
      std::string set = s.get<std::string>();
      allowed[set][kfunc].insert(type);
      const DerivedAnswer*& o = oldest[{set, type}];
      if (!o || pos.at(p.since) > pos.at(o->since)) o = &p;
    }
  }

  KfuncData out;
  out.source = store.path() + " at " + at;
  for (const auto& [set, ms] : members) {
    KfuncSet ks;
    ks.name = set;
    // The set's own since: its oldest member's.
    std::string set_since;
    for (const Member& m : ms)
      if (set_since.empty() || pos.at(m.since) > pos.at(set_since)) set_since = m.since;
    std::set<std::string> types;
    for (const auto& [kfunc, ts] : allowed[set]) types.insert(ts.begin(), ts.end());
    std::vector<KfuncProgramType> progs;
    for (const std::string& t : types) {
      KfuncProgramType p;
      p.name = t;
      const DerivedAnswer* o = oldest.at({set, t});
      if (pos.at(o->since) < pos.at(set_since))  // reached the type later than the set existed
        p.since = SinceUntil{bare_version(o->since), o->since == o->version ? o->commit : "", {}};
      progs.push_back(std::move(p));
    }
    std::vector<Kfunc> funcs;
    for (const Member& m : ms) {
      Kfunc k;
      k.name = m.kfunc;
      if (!m.flags.empty()) k.flags = m.flags;
      std::vector<KfuncProgramType> refused;
      const std::set<std::string>& mine = allowed[set][m.kfunc];
      for (const std::string& t : types)
        if (!mine.count(t)) refused.push_back({t, std::nullopt, std::nullopt, {}, 0});
      if (!refused.empty()) {
        k.except = std::move(refused);
        k.has_except = true;
      }
      funcs.push_back(std::move(k));
    }
    ks.funcs = std::move(funcs);
    if (!progs.empty()) ks.program_types = std::move(progs);
    out.sets.push_back(std::move(ks));
  }
  return out;
}

}  // namespace ksince
