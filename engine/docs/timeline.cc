#include "docs/timeline.h"

#include "store/imported_facts.h"

#include <algorithm>
#include <map>

#include "util/error.h"
#include "repo/version.h"

namespace ksince {

namespace {

constexpr const char* kHeader =
    "---\n"
    "title: eBPF Timeline\n"
    "description: This page lists all eBPF features added in the Linux Kernel ordered by tag number.\n"
    "hide: toc\n"
    "---\n";
constexpr const char* kCommitUrl = "https://github.com/torvalds/linux/commit/";

// vX.Y or vX.Y-rcN, written the one way Version would write it back (no
// leading zeros), so that two different strings are never the same version.
std::optional<Version> release_version(const std::string& s) {
  if (s.empty() || s[0] != 'v') return std::nullopt;
  std::optional<Version> v = Version::parse(s);
  if (!v || v->parts.size() != 2) return std::nullopt;
  std::string canonical = cat("v", v->parts[0], ".", v->parts[1]);
  if (v->rc >= 0) canonical += cat("-rc", v->rc);
  if (canonical != s) return std::nullopt;
  return v;
}

bool hex_commit(const std::string& c) {
  return c.size() >= 7 && std::all_of(c.begin(), c.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
         });
}

struct Section {
  Version version;
  std::string name;
  std::vector<const TimelineEntry*> entries;  // in input order
};

}  // namespace

std::string render_timeline(const std::vector<TimelineEntry>& entries) {
  std::vector<Section> sections;
  std::map<std::string, size_t> index;  // version string -> its section
  for (const TimelineEntry& e : entries) {
    if (e.version.empty()) continue;
    std::optional<Version> v = release_version(e.version);
    if (!v)
      throw Error(cat("timeline: ", e.group, "/", e.name, " has version \"", e.version,
                      "\", which is not a release name of the form vX.Y or vX.Y-rcN; correct it in the data"));
    if (!e.commit.empty() && !hex_commit(e.commit))
      throw Error(cat("timeline: ", e.group, "/", e.name, " has commit \"", e.commit,
                      "\", which is not a commit id of at least 7 hex digits; correct it in the data"));
    auto [it, added] = index.emplace(e.version, sections.size());
    if (added) sections.push_back({*v, e.version, {}});
    sections[it->second].entries.push_back(&e);
  }
  // stable: equal versions cannot happen (one string per version), but the order must not depend on it.
  std::stable_sort(sections.begin(), sections.end(),
                   [](const Section& a, const Section& b) { return a.version.compare(b.version) < 0; });

  std::string out = kHeader;
  for (const Section& s : sections) {
    out += "\n## :octicons-tag-24: " + s.name + "\n\n";
    for (const TimelineEntry* e : s.entries) {
      out += "* `" + e->name + "` ";
      if (!e->commit.empty()) out += "[" + e->commit.substr(0, 7) + "](" + kCommitUrl + e->commit + ") ";
      out += "(" + e->group + ")\n";
    }
  }
  return out;
}

std::vector<TimelineEntry> timeline_entries(Store& store) {
  std::vector<TimelineEntry> out;
  for (const Feature& f : merged_facts(store)) out.push_back({f.group, f.name, f.version, f.commit});
  return out;
}

}  // namespace ksince
