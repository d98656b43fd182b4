#include "docs/helpers_from_facts.h"

#include <algorithm>
#include <map>
#include <set>

#include "facts/derived_facts.h"
#include "util/error.h"
#include "store/read_answers.h"
#include "docs/helper_refs.h"

namespace ksince {

namespace {

// Builds entries, with the since convention of the site's file.
class EntryMaker {
 public:
  EntryMaker(Store& store, const std::optional<std::string>& at) {
    tags_ = selected_tags(store);
    for (size_t i = 0; i < tags_.size(); i++) pos_.emplace(tags_[i], i);
    for (const DerivedAnswer& h : derived_facts(store, "helper", at)) helper_since_.emplace(h.key, h.since);
  }

  // The since an entry shows: the pair's, when it is newer than the helper's
  // own (or the helper is not in the FN list at all).
  struct Since {
    bool has = false;
    std::string version, commit;
  };
  Since since_of(const DerivedAnswer& pair, const std::string& helper) const {
    auto it = helper_since_.find(helper);
    if (it != helper_since_.end() && pos_.at(pair.since) >= pos_.at(it->second)) return {};
    Since s{true, bare_version(pair.since), pair.since == pair.version ? pair.commit : ""};
    return s;
  }

  HelperEntry entry(const DerivedAnswer& pair, const std::string& helper) const {
    HelperEntry e;
    e.kind = HelperEntry::Kind::Name;
    e.value = helper;
    Since s = since_of(pair, helper);
    if (s.has) {
      e.has_since = true;
      e.since_version = s.version;
      e.since_commit = s.commit;
      HelperField f{"since", HelperField::Style::Map, {{"version", s.version}}};
      if (!s.commit.empty()) f.items.push_back({"commit", s.commit});
      e.fields.push_back(std::move(f));
    }
    // The schema's keys in the site's order, then what the kernel says that
    // the schema has no key for.
    for (const char* key : {"kconfig", "cap", "attach_type", "prog", "attach_type_not", "other"}) {
      auto it = pair.attrs.find(key);
      if (it == pair.attrs.end() || it->is_null()) continue;
      HelperField f{key, HelperField::Style::FlowList, {}};
      if (it->is_array()) {
        for (const auto& v : *it) f.items.push_back({"", v.is_string() ? v.get<std::string>() : v.dump()});
      } else {
        f.items.push_back({"", it->is_string() ? it->get<std::string>() : it->dump()});
      }
      if (!f.items.empty()) e.fields.push_back(std::move(f));
    }
    for (const char* key : {"prog_trampoline", "no_security_lockdown", "sleepable"}) {
      auto it = pair.attrs.find(key);
      if (it != pair.attrs.end() && it->is_boolean() && it->get<bool>())
        e.fields.push_back({key, HelperField::Style::Bool, {{"", "true"}}});
    }
    if (auto it = pair.attrs.find("proto_allowed"); it != pair.attrs.end() && it->is_string())
      e.fields.push_back({"proto_allowed", HelperField::Style::Scalar, {{"", it->get<std::string>()}}});
    return e;
  }

 private:
  std::vector<std::string> tags_;
  std::map<std::string, size_t> pos_;
  std::map<std::string, std::string> helper_since_;
};

HelperEntry group_entry(const std::string& group) {
  HelperEntry e;
  e.kind = HelperEntry::Kind::Group;
  e.value = group;
  return e;
}

}  // namespace

HelperData helpers_from_facts(Store& store, const std::optional<std::string>& at) {
  EntryMaker make(store, at);
  HelperData data;
  data.source = store.path() + (at ? " at " + *at : "");
  data.sections = {"groups", "programs", "maps"};

  // Groups: every func_proto's own cases and fall-throughs.
  std::map<std::string, HelperList> groups;
  for (const DerivedAnswer& f : derived_facts(store, "func_proto_helper", at)) {
    auto [fn, helper] = split_pair_key(f.key);
    groups[fn].name = fn;
    groups[fn].entries.push_back(make.entry(f, helper));
  }
  for (const DerivedAnswer& f : derived_facts(store, "func_proto_include", at)) {
    auto [fn, target] = split_pair_key(f.key);
    groups[fn].name = fn;
    groups[target].name = target;
    groups[fn].entries.push_back(group_entry(target));
  }
  for (auto& [name, list] : groups) data.groups.push_back(std::move(list));

  // Programs: their get_func_proto as a group, corrected to the pairs.
  std::map<std::string, std::vector<DerivedAnswer>> pairs;
  for (const DerivedAnswer& p : derived_facts(store, "prog_helper", at)) pairs[split_pair_key(p.key).first].push_back(p);
  std::map<std::string, std::string> proto_of;
  for (const DerivedAnswer& p : derived_facts(store, "prog_func_proto", at)) {
    auto [prog, fn] = split_pair_key(p.key);
    proto_of[prog] = fn;
    pairs[prog];  // a program type with no helpers still gets its list
  }
  if (groups.empty() && pairs.empty())
    throw Error(cat(store.path(), ": no helper facts derived from the source",
                    at ? " at " + *at : std::string(), "; run `ksince index` (without --no-facts) on a kernel "
                    "repository"));
  for (const auto& [prog, list] : pairs) {
    HelperList out;
    out.name = prog;
    if (auto it = proto_of.find(prog); it != proto_of.end()) out.entries.push_back(group_entry(it->second));
    // What the reference's flattening makes of the group alone.
    std::map<std::string, ResolvedHelper> flat;
    for (const ResolvedHelper& r : resolve_helpers(data, out)) flat.emplace(r.name, r);
    std::vector<HelperEntry> direct, excludes;
    std::set<std::string> wanted;
    for (const DerivedAnswer& p : list) {
      std::string helper = split_pair_key(p.key).second;
      wanted.insert(helper);
      HelperEntry e = make.entry(p, helper);
      auto it = flat.find(helper);
      bool same = it != flat.end() && it->second.has_since == e.has_since &&
                  (!e.has_since || (it->second.since_version == e.since_version &&
                                    it->second.since_commit == e.since_commit));
      if (!same) direct.push_back(std::move(e));
    }
    for (const auto& [helper, r] : flat)
      if (!wanted.count(helper)) {
        HelperEntry e;
        e.kind = HelperEntry::Kind::Exclude;
        e.value = helper;
        excludes.push_back(std::move(e));
      }
    // Direct entries first: the first occurrence of a name wins.
    out.entries.insert(out.entries.begin(), direct.begin(), direct.end());
    out.entries.insert(out.entries.end(), excludes.begin(), excludes.end());
    data.programs.push_back(std::move(out));
  }

  std::map<std::string, HelperList> maps;
  for (const DerivedAnswer& m : derived_facts(store, "map_helper", at)) {
    auto [map, helper] = split_pair_key(m.key);
    maps[map].name = map;
    maps[map].entries.push_back(make.entry(m, helper));
  }
  for (auto& [name, list] : maps) data.maps.push_back(std::move(list));
  return data;
}

}  // namespace ksince
