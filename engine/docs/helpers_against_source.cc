#include "docs/helpers_against_source.h"

#include <algorithm>
#include <map>

#include "facts/derived_facts.h"
#include "util/error.h"
#include "store/read_answers.h"
#include "repo/version.h"
#include "docs/helper_refs.h"

namespace ksince {

namespace {


// The derived pairs of one kind at a tag, by type then helper.
std::map<std::string, std::map<std::string, DerivedAnswer>> pairs(Store& store, const char* kind,
                                                                  const std::optional<std::string>& at) {
  std::map<std::string, std::map<std::string, DerivedAnswer>> out;
  for (DerivedAnswer& a : derived_facts(store, kind, at)) {
    auto [type, helper] = split_pair_key(a.key);
    out[type].emplace(helper, std::move(a));
  }
  return out;
}

// The line of the first entry of `list` naming `helper` directly, else the list's.
int line_of(const HelperList& list, const std::string& helper) {
  for (const HelperEntry& e : list.entries)
    if (e.kind == HelperEntry::Kind::Name && e.value == helper) return e.line;
  return list.line;
}

// A hand-written since ("6.4") against the selected tags: is it newer than
// `tag` ("v6.12")?
bool newer(const std::string& since, const std::string& tag) {
  auto a = Version::parse(since), b = Version::parse(tag);
  return a && b && a->compare(*b) > 0;
}

void compare(Store& store, const HelperData& hand, const std::vector<HelperList>& lists, const char* kind,
             const char* what, const std::optional<std::string>& at, std::vector<HelperDisagreement>& out) {
  auto derived = pairs(store, kind, at);
  std::vector<std::string> tags = selected_tags(store);
  const std::string tag = tag_or_newest(store, at);
  // The selected tag just older than `t` ("" for the oldest).
  auto older = [&](const std::string& t) {
    auto it = std::find(tags.begin(), tags.end(), t);
    return it == tags.end() || it + 1 == tags.end() ? std::string() : *(it + 1);
  };
  for (const HelperList& list : lists) {
    auto d = derived.find(list.name);
    if (d == derived.end()) continue;  // a type only one side describes
    std::map<std::string, ResolvedHelper> listed;
    for (const ResolvedHelper& r : resolve_helpers(hand, list)) listed.emplace(r.name, r);
    for (const auto& [helper, r] : listed) {
      // What the hand file dates after the tag is not for this tag's source.
      if (r.has_since && newer(r.since_version, tag)) continue;
      auto it = d->second.find(helper);
      if (it == d->second.end()) {
        out.push_back({{hand.source, static_cast<size_t>(line_of(list, helper)),
                        cat(list.name, ": lists ", helper, ", which the source does not give this ", what)},
                       ""});
        continue;
      }
      const DerivedAnswer& a = it->second;
      std::string evidence = cat(a.file, ":", a.line, " at ", a.at);
      // The source dates a pair to a selected tag: any release after the
      // selected tag before it, up to that tag, agrees (v6.1 < 6.4 <= v6.12).
      std::string before = older(a.since);
      bool agrees = !r.has_since || r.since_version == bare_version(a.since) ||
                    (!newer(r.since_version, a.since) && (before.empty() || newer(r.since_version, before)));
      if (!agrees)
        out.push_back({{hand.source, static_cast<size_t>(line_of(list, helper)),
                        cat(list.name, ": ", helper, " since ", r.since_version, " here, since ", bare_version(a.since),
                            " in the source")},
                       evidence});
    }
    for (const auto& [helper, a] : d->second)
      if (!listed.count(helper))
        out.push_back({{hand.source, static_cast<size_t>(list.line),
                        cat(list.name, ": lacks ", helper, ", which the source gives this ", what,
                            a.attrs.empty() ? std::string() : " " + a.attrs.dump())},
                       cat(a.file, ":", a.line, " at ", a.at)});
  }
}

}  // namespace

std::vector<HelperDisagreement> check_helpers_against(Store& store, const HelperData& hand,
                                                      const std::optional<std::string>& at) {
  if (!has_derived_helpers(store))
    throw Error(cat(store.path(), ": no helper facts derived from the source to check against; run `ksince index` "
                                  "on a kernel repository (without --no-facts)"));
  std::vector<HelperDisagreement> out;
  compare(store, hand, hand.programs, "prog_helper", "program type", at, out);
  compare(store, hand, hand.maps, "map_helper", "map type", at, out);
  return out;
}

}  // namespace ksince
