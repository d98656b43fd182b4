#include "docs/kfuncs_against_source.h"

#include <algorithm>
#include <map>
#include <set>

#include "facts/derived_facts.h"
#include "util/error.h"
#include "store/read_answers.h"
#include "docs/kfunc_render.h"
#include "docs/kfuncs_from_facts.h"
#include "repo/version.h"

namespace ksince {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "none" : out;
}

std::string where(const DerivedAnswer& a) { return cat(a.file, ":", a.line, " at ", a.at); }

// Is a hand-written version ("6.15") newer than the tag ("v6.12")?
bool newer(const std::optional<SinceUntil>& since, const std::string& tag) {
  if (!since) return false;
  auto a = Version::parse(since->version), b = Version::parse(tag);
  return a && b && a->compare(*b) > 0;
}

}  // namespace

std::vector<HelperDisagreement> check_kfuncs_against(Store& store, const KfuncData& hand,
                                                     const KfuncGenTables& tables,
                                                     const std::optional<std::string>& at) {
  if (!has_derived_kfuncs(store))
    throw Error(cat(store.path(), ": no kfunc facts derived from the source to check against; run `ksince index` "
                                  "on a kernel repository (without --no-facts)"));
  const std::string tag = tag_or_newest(store, at);
  std::vector<HelperDisagreement> out;
  auto note = [&](size_t line, std::string msg, std::string evidence) {
    out.push_back({{hand.source, line, std::move(msg)}, std::move(evidence)});
  };

  // The source's side, by kfunc.
  std::map<std::string, const DerivedAnswer*> exists;
  std::map<std::pair<std::string, std::string>, const DerivedAnswer*> member;  // (set, kfunc)
  std::vector<DerivedAnswer> kfuncs = derived_facts(store, "kfunc", at);
  std::vector<DerivedAnswer> sets = derived_facts(store, "kfunc_set", at);
  std::vector<DerivedAnswer> pairs = derived_facts(store, "prog_kfunc", at);
  for (const DerivedAnswer& a : kfuncs) exists.emplace(a.key, &a);
  for (const DerivedAnswer& a : sets) member.emplace(split_pair_key(a.key), &a);
  std::map<std::string, std::map<std::string, const DerivedAnswer*>> types_of;  // kfunc -> type -> pair
  for (const DerivedAnswer& a : pairs) {
    auto [type, kfunc] = split_pair_key(a.key);
    types_of[kfunc][type] = &a;
  }

  std::set<std::string> listed;
  for (const KfuncSet& set : hand.sets) {
    if (!set.funcs) continue;
    for (const Kfunc& k : *set.funcs) {
      listed.insert(k.name);
      if (std::find(tables.removed.begin(), tables.removed.end(), k.name) != tables.removed.end()) continue;
      auto e = exists.find(k.name);
      if (e == exists.end()) {
        note(k.line, cat(set.name, ": lists ", k.name, ", which is no kfunc of the source at ", tag), "");
        continue;
      }
      auto m = member.find({set.name, k.name});
      if (m == member.end()) {
        note(k.line, cat(set.name, ": lists ", k.name, ", which the source puts in no set of that name"),
             where(*e->second));
        continue;
      }
      std::vector<std::string> src_flags;
      if (auto f = m->second->attrs.find("flags"); f != m->second->attrs.end() && f->is_array())
        for (const auto& x : *f) src_flags.push_back(x.get<std::string>());
      std::vector<std::string> hand_flags = k.flags.value_or(std::vector<std::string>{});
      std::vector<std::string> a = hand_flags, b = src_flags;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      if (a != b)
        note(k.line, cat(set.name, ": ", k.name, " has flags ", join(hand_flags), " here, ", join(src_flags),
                         " in the source"),
             where(*m->second));
    }
  }

  // Program types, as kfunc-gen merges the file, against the derived pairs.
  for (const MergedKfunc& k : merge_kfuncs(hand, tables)) {
    if (!exists.count(k.name)) continue;
    size_t line = 0;
    for (const KfuncSet& set : hand.sets)
      if (set.funcs)
        for (const Kfunc& f : *set.funcs)
          if (f.name == k.name && !line) line = f.line;
    std::set<std::string> hand_types;
    for (const KfuncProgramType& p : k.program_types) {
      if (newer(p.since, tag)) continue;  // the file's later knowledge
      hand_types.insert(p.name);
      if (!types_of[k.name].count(p.name) && !(p.until && !newer(p.until, tag)))
        note(line, cat(k.name, ": program type ", p.name, " here, which no registration's hook gives it in the source"),
             "");
    }
    for (const auto& [type, a] : types_of[k.name])
      if (!hand_types.count(type))
        note(line, cat(k.name, ": lacks program type ", type, ", which the source gives it (sets ",
                       a->attrs.value("sets", nlohmann::json::array()).dump(), ")"),
             where(*a));
  }

  for (const auto& [name, a] : exists)
    if (!listed.count(name))
      note(0, cat("lacks ", name, ", a kfunc of the source (sets ",
                  a->attrs.value("sets", nlohmann::json::array()).dump(), ")"),
           where(*a));
  return out;
}

}  // namespace ksince
