#include "docs/derived_report.h"

#include <map>
#include <set>
#include <vector>

#include "docs/helper_refs.h"
#include "docs/kfunc_render.h"
#include "facts/derived_facts.h"
#include "repo/version.h"
#include "util/error.h"

namespace ksince {

namespace {

// Facts of one kind by key: at the report's tag, and each at the newest tag
// that has it (where a removed pair was last seen).
struct FactPlaces {
  std::map<std::string, DerivedAnswer> at, last;
  // `removals`: the history too, for pairs that may be removed (not for a
  // kfunc's own fact, which only places its flags).
  FactPlaces(Store& store, const std::string& kind, const std::string& tag, bool removals = true) {
    for (DerivedAnswer& a : derived_facts(store, kind, tag)) at.emplace(a.key, std::move(a));
    if (removals)
      for (DerivedAnswer& a : derived_facts_ever(store, kind)) last.emplace(a.key, std::move(a));
  }
  std::string where_at(const std::string& key) const {
    auto it = at.find(key);
    if (it == at.end() || it->second.file.empty()) return "(no place recorded)";
    return cat(it->second.file, ":", it->second.line);
  }
  // Does the source contradict `shown` (a version the site wrote, "6.10";
  // none: as old as the helper or kfunc) as the pair's since? Only when the
  // pair's first version is known (some indexed tag before it lacks it),
  // and only outside (prev, version]: with tags v6.1 and v6.12 indexed, a
  // pair first at v6.12 may well have come in 6.10.
  bool contradicts(const std::string& key, const std::optional<std::string>& shown) const {
    auto it = at.find(key);
    if (it == at.end() || it->second.prev.empty()) return false;
    if (!shown) return true;
    std::optional<Version> v = Version::parse(*shown), prev = Version::parse(it->second.prev),
                           first = Version::parse(it->second.version);
    if (!v || !prev || !first) return true;
    return !(v->compare(*prev) > 0 && v->compare(*first) <= 0);
  }
  std::string last_seen(const std::string& key) const {
    auto it = last.find(key);
    if (it == last.end() || it->second.at.empty()) return "not in the source at any indexed tag";
    return cat("last seen at ", it->second.at, ", ", it->second.file, ":", it->second.line);
  }
};

struct Counts {
  size_t added = 0, removed = 0, moved = 0, flags = 0;
};

using Pages = std::map<std::string, std::vector<std::string>>;  // page -> its lines

std::string shown_since(const std::optional<std::string>& v) { return v ? "v" + *v : "none"; }

// One page's list, as each side shows it (name -> the since it shows):
// lines for what the derived side adds, removes or shows another since
// for. `key_of` gives a listed name's pair fact key.
using Shown = std::map<std::string, std::optional<std::string>>;
template <typename KeyOf>
void compare_list(const Shown& before, const Shown& after, const KeyOf& key_of, const FactPlaces& facts,
                  std::vector<std::string>& lines, Counts& n) {
  for (const auto& [name, since] : after) {
    std::string key = key_of(name);
    auto b = before.find(name);
    if (b == before.end()) {
      lines.push_back(cat("- added `", name, "`: ", facts.where_at(key)));
      n.added++;
    } else if (b->second != since && facts.contradicts(key, b->second)) {
      lines.push_back(cat("- since of `", name, "` moved: ", shown_since(b->second), " -> ", shown_since(since),
                          " (the source has the pair from ", facts.at.at(key).version, "): ", facts.where_at(key)));
      n.moved++;
    }
  }
  for (const auto& [name, since] : before)
    if (!after.count(name)) {
      lines.push_back(cat("- removed `", name, "`: ", facts.last_seen(key_of(name))));
      n.removed++;
    }
}

Shown shown(const HelperData& data, const HelperList& list) {
  Shown out;
  for (const ResolvedHelper& r : resolve_helpers(data, list))
    out.emplace(r.name, r.has_since ? std::optional<std::string>(r.since_version) : std::nullopt);
  return out;
}

void compare_helpers(Store& store, const ReportInput& in, Pages& pages, Counts& n) {
  struct Kind {
    const std::vector<HelperList> HelperData::*lists;
    const char* fact_kind;
    const char* folder;
  };
  for (Kind k : {Kind{&HelperData::programs, "prog_helper", "linux/program-type/"},
                 Kind{&HelperData::maps, "map_helper", "linux/map-type/"}}) {
    FactPlaces facts(store, k.fact_kind, in.tag);
    std::map<std::string, Shown> before, after;
    for (const HelperList& l : in.imported_helpers->*k.lists) before[l.name] = shown(*in.imported_helpers, l);
    for (const HelperList& l : in.derived_helpers->*k.lists) after[l.name] = shown(*in.derived_helpers, l);
    std::set<std::string> owners;
    for (const auto& b : before) owners.insert(b.first);
    for (const auto& a : after) owners.insert(a.first);
    for (const std::string& o : owners) {
      std::vector<std::string> lines;
      compare_list(before[o], after[o], [&](const std::string& h) { return o + " " + h; }, facts, lines, n);
      if (!lines.empty()) pages[k.folder + o + ".md"] = std::move(lines);
    }
  }
}

std::string flag_list(const std::set<std::string>& flags) {
  std::string out;
  for (const std::string& f : flags) out += (out.empty() ? "" : ", ") + f;
  return out.empty() ? "none" : out;
}

void compare_kfuncs(Store& store, const ReportInput& in, Pages& pages, Counts& n) {
  FactPlaces pairs(store, "prog_kfunc", in.tag), kfuncs(store, "kfunc", in.tag, false);
  std::map<std::string, MergedKfunc> before, after;
  for (MergedKfunc& k : merge_kfuncs(*in.imported_kfuncs, *in.tables)) before.emplace(k.name, std::move(k));
  for (MergedKfunc& k : merge_kfuncs(*in.derived_kfuncs, *in.tables)) after.emplace(k.name, std::move(k));
  std::set<std::string> names;
  for (const auto& b : before) names.insert(b.first);
  for (const auto& a : after) names.insert(a.first);
  for (const std::string& name : names) {
    // A kfunc's page lists program types; its pair facts are keyed
    // "PROGRAM_TYPE kfunc" all the same.
    auto take = [&name](const std::map<std::string, MergedKfunc>& side, Shown& shown, std::set<std::string>& flags) {
      auto it = side.find(name);
      if (it == side.end()) return;
      for (const KfuncProgramType& p : it->second.program_types)
        shown.emplace(p.name, p.since ? std::optional<std::string>(p.since->version) : std::nullopt);
      flags.insert(it->second.flags.begin(), it->second.flags.end());
    };
    Shown b, a;
    std::set<std::string> fb, fa;
    take(before, b, fb);
    take(after, a, fa);
    std::vector<std::string> lines;
    compare_list(b, a, [&](const std::string& prog) { return prog + " " + name; }, pairs, lines, n);
    // Flags of a kfunc on both sides (a new or gone kfunc says so in its pairs).
    if (fb != fa && before.count(name) && after.count(name)) {
      lines.push_back(cat("- flags changed: ", flag_list(fb), " -> ", flag_list(fa), ": ", kfuncs.where_at(name)));
      n.flags++;
    }
    if (!lines.empty()) pages["linux/kfuncs/" + name + ".md"] = std::move(lines);
  }
}

}  // namespace

std::string derived_change_report(Store& store, const ReportInput& in) {
  Pages pages;
  Counts n;
  std::vector<std::string> skipped;
  if (in.imported_helpers && in.derived_helpers) compare_helpers(store, in, pages, n);
  else
    skipped.push_back("the helper lists (the index lacks the imported helpers-functions.yaml or derived helper facts)");
  if (in.imported_kfuncs && in.derived_kfuncs && in.tables) compare_kfuncs(store, in, pages, n);
  else skipped.push_back("the kfunc lists (the index lacks the imported kfuncs.yaml or derived kfunc facts)");

  std::string out = cat("# What a build from the source changes\n\nThe facts derived from the source at ", in.tag,
                        ", against the imported data, page by page. Each line ends with the place in the kernel "
                        "that decides it: for a removal, where the source last had the pair. A `since` is reported "
                        "only where the source contradicts it: for a pair whose first version the indexed tags show "
                        "(not one already at the oldest indexed tag), a since outside the releases between the last "
                        "tag without the pair and the first with it.\n\n");
  out += cat(pages.size(), " pages change: ", n.added, " pairs added, ", n.removed, " removed, ", n.moved,
             " with their since moved, ", n.flags, " kfuncs with their flags changed.\n");
  for (const std::string& s : skipped) out += cat("\nNot compared: ", s, ".\n");
  for (const auto& [page, lines] : pages) {
    out += "\n## " + page + "\n\n";
    for (const std::string& l : lines) out += l + "\n";
  }
  if (!in.gone.empty()) {
    out += cat("\n## Pages whose subject the source no longer has at ", in.tag, "\n\nKept by the build, never deleted:\n\n");
    for (const BuildNote& g : in.gone) out += "- " + g.file + ": " + g.message + "\n";
  }
  return out;
}

}  // namespace ksince
