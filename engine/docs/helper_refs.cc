#include "docs/helper_refs.h"

#include <algorithm>
#include <map>
#include <set>

#include "util/error.h"

namespace ksince {

namespace {

const std::string kProgHelpers = "PROG_HELPER_FUNC_REF";
const std::string kMapHelpers = "MAP_HELPER_FUNC_REF";
const std::string kHelperProgs = "HELPER_FUNC_PROG_REF";
const std::string kHelperMaps = "HELPER_FUNC_MAP_REF";

BlockKind kind(const std::string& name) {
  return {name, "<!-- [" + name + "] -->\n", "<!-- [/" + name + "] -->\n"};
}

const HelperList* find_group(const HelperData& d, const std::string& name) {
  for (const HelperList& g : d.groups)
    if (g.name == name) return &g;
  return nullptr;
}

std::vector<ResolvedHelper> resolve(const HelperData& d, const HelperList& list, std::vector<const HelperList*>& stack) {
  for (const HelperList* l : stack)
    if (l == &list)
      throw Error(cat(d.source, ":", list.line, ": group '", list.name,
                      "' includes itself (through its `group:` lines); remove one of the includes"));
  stack.push_back(&list);
  std::vector<ResolvedHelper> out;
  std::set<std::string> names;
  // The list starts with its direct entries: a group member never beats them.
  for (const HelperEntry& e : list.entries)
    if (e.kind == HelperEntry::Kind::Name) names.insert(e.value);
  std::vector<ResolvedHelper> appended;
  for (const HelperEntry& e : list.entries) {
    if (e.kind == HelperEntry::Kind::Name) {
      out.push_back({e.value, e.has_since, e.since_version, e.since_commit});
    } else if (e.kind == HelperEntry::Kind::Group) {
      const HelperList* g = find_group(d, e.value);
      if (!g) continue;  // the reference's silent empty group; reported by the name check
      for (ResolvedHelper& r : resolve(d, *g, stack))
        if (names.insert(r.name).second) appended.push_back(std::move(r));
    }
  }
  out.insert(out.end(), std::make_move_iterator(appended.begin()), std::make_move_iterator(appended.end()));
  std::set<std::string> excludes;
  for (const HelperEntry& e : list.entries)
    if (e.kind == HelperEntry::Kind::Exclude) excludes.insert(e.value);
  std::erase_if(out, [&](const ResolvedHelper& r) { return excludes.count(r.name) > 0; });
  // std::string compares as unsigned bytes: Go's byte order.
  std::stable_sort(out.begin(), out.end(), [](const ResolvedHelper& a, const ResolvedHelper& b) { return a.name < b.name; });
  stack.pop_back();
  return out;
}

std::string tag(const ResolvedHelper& r) {
  if (!r.has_since) return "";
  return " [:octicons-tag-24: v" + r.since_version + "](https://github.com/torvalds/linux/commit/" + r.since_commit + ")";
}

struct Use {
  std::string owner;  // program or map type
  ResolvedHelper entry;
};

}  // namespace

std::vector<BlockKind> helper_ref_kinds() {
  return {kind(kProgHelpers), kind(kMapHelpers), kind(kHelperProgs), kind(kHelperMaps)};
}

std::vector<ResolvedHelper> resolve_helpers(const HelperData& data, const HelperList& list) {
  std::vector<const HelperList*> stack;
  return resolve(data, list, stack);
}

std::vector<Block> render_helper_refs(const HelperData& data, const PairConditions* conditions) {
  std::vector<Block> out;
  std::map<std::string, std::vector<Use>> progs_of, maps_of;  // helper -> its users
  for (const HelperList& p : data.programs) {
    std::string body = "??? abstract \"Supported helper functions\"\n";
    std::set<ConditionLabel> used;
    for (const ResolvedHelper& r : resolve_helpers(data, p)) {
      body += "    * [`" + r.name + "`](../helper-function/" + r.name + ".md)" + tag(r) +
              condition_suffix_of(conditions, p.name, r.name, used) + "\n";
      progs_of[r.name].push_back({p.name, r});
    }
    body += condition_legend(used, "    ");
    out.push_back({"linux/program-type/" + p.name + ".md", kProgHelpers, std::move(body)});
  }
  for (const HelperList& m : data.maps) {
    std::string body;
    for (const ResolvedHelper& r : resolve_helpers(data, m)) {
      body += " * [`" + r.name + "`](../helper-function/" + r.name + ".md)" + tag(r) + "\n";
      maps_of[r.name].push_back({m.name, r});
    }
    out.push_back({"linux/map-type/" + m.name + ".md", kMapHelpers, std::move(body)});
  }
  auto by_owner = [](const Use& a, const Use& b) { return a.owner < b.owner; };
  for (auto& [helper, uses] : progs_of) {
    std::stable_sort(uses.begin(), uses.end(), by_owner);
    // A program listing a helper twice gives one line (the reference's CompactFunc).
    uses.erase(std::unique(uses.begin(), uses.end(), [](const Use& a, const Use& b) { return a.owner == b.owner; }),
               uses.end());
    std::string body;
    std::set<ConditionLabel> used;
    for (const Use& u : uses)
      body += " * [`" + u.owner + "`](../program-type/" + u.owner + ".md)" + tag(u.entry) +
              condition_suffix_of(conditions, u.owner, helper, used) + "\n";
    body += condition_legend(used, "");
    out.push_back({"linux/helper-function/" + helper + ".md", kHelperProgs, std::move(body)});
  }
  for (auto& [helper, uses] : maps_of) {
    std::stable_sort(uses.begin(), uses.end(), by_owner);  // not compacted, as in the reference
    std::string body;
    for (const Use& u : uses) body += " * [`" + u.owner + "`](../map-type/" + u.owner + ".md)" + tag(u.entry) + "\n";
    out.push_back({"linux/helper-function/" + helper + ".md", kHelperMaps, std::move(body)});
  }
  return out;
}

}  // namespace ksince
