#include "cli/answer_text.h"

#include <algorithm>

#include "idents/ident_suggest.h"
#include "store/known_names.h"

#include <cstdio>
#include <ctime>

#include "scan/name_in_repo.h"

namespace ksince::cli {

std::string date_of(int64_t t) {
  char buf[32];
  std::time_t tt = static_cast<std::time_t>(t);
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&tt));
  return buf;
}
nlohmann::ordered_json feature_json(Store& store, const Feature& f) {
  Lifecycle l = lifecycle(store, f.group, f.name);
  return {{"name", f.name}, {"known", true}, {"group", f.group}, {"version", f.version},
          {"provisional", provisional(f)}, {"commit", f.commit}, {"commit_subject", f.commit_subject},
          {"commit_date", f.commit.empty() ? "" : date_of(f.commit_date)},
          {"commit_exact", f.commit_exact}, {"prev", f.prev}, {"first_seen", l.first_seen},
          {"removed_in", l.removed_in}, {"returned_in", l.returned_in},
          {"present", present_tags(store, f.group, f.name)}};
}

std::string feature_line(Store& store, const Feature& f) {
  std::string s = f.name + "  " + (f.version.empty() ? "absent" : f.version);
  if (provisional(f)) s += " (provisional)";
  if (!f.commit.empty())
    s += "  " + f.commit.substr(0, 12) + " " + date_of(f.commit_date) + " \"" + f.commit_subject + "\"";
  s += "  (group " + f.group;
  if (!f.prev.empty()) s += ", prev " + f.prev;
  Lifecycle l = lifecycle(store, f.group, f.name);
  // Only worth saying when the simple story (version = first seen) is not all.
  if (!l.removed_in.empty() || (!l.first_seen.empty() && l.first_seen != f.version)) {
    s += "; first seen " + l.first_seen;
    for (const auto& t : l.removed_in) s += ", removed in " + t;
    for (const auto& t : l.returned_in) s += ", back in " + t;
  }
  return s + ")";
}

nlohmann::ordered_json derived_json(const DerivedAnswer& a) {
  return {{"kind", a.kind}, {"key", a.key}, {"version", a.version}, {"prev", a.prev}, {"commit", a.commit},
          {"commit_subject", a.commit_subject}, {"commit_date", a.commit.empty() ? "" : date_of(a.commit_date)},
          {"commit_exact", a.commit_exact}, {"at", a.at}, {"since", a.since}, {"until", a.until},
          {"attrs", a.attrs}, {"file", a.file}, {"line", a.line}, {"first_seen", a.lifecycle.first_seen},
          {"removed_in", a.lifecycle.removed_in}, {"returned_in", a.lifecycle.returned_in}, {"present", a.present}};
}

std::string derived_line(const DerivedAnswer& a) {
  std::string s = "  " + a.kind + " " + a.key + "  ";
  s += !a.version.empty() ? "since " + a.version
       : a.present.empty() ? std::string("in no indexed release, only at points of a series")
                           : "last seen " + a.at;
  if (!a.commit.empty())
    s += "  " + a.commit.substr(0, 12) + " " + date_of(a.commit_date) + " \"" + a.commit_subject + "\"";
  s += "  [" + a.file + ":" + std::to_string(a.line) + " at " + a.at + "]";
  if (!a.attrs.empty()) s += " " + a.attrs.dump();
  for (const auto& t : a.lifecycle.removed_in) s += " (removed in " + t + ")";
  return s;
}

namespace {

nlohmann::ordered_json presence_json(const IdentPresenceAnswer& p) {
  nlohmann::ordered_json j;
  j["version"] = p.version;
  j["prev"] = p.prev;
  j["present"] = p.present;
  j["first_seen"] = p.first_seen;
  j["removed_in"] = p.removed_in;
  j["returned_in"] = p.returned_in;
  return j;
}

std::string presence_text(const IdentPresenceAnswer& p) {
  if (p.present.empty()) return "never";
  std::string s = p.version.empty() ? "not at the newest tag (first seen " + p.first_seen + ")"
                                    : "since " + p.version + (p.prev.empty() ? "" : " (prev " + p.prev + ")");
  if (!p.removed_in.empty()) {
    s += "; removed in";
    for (const auto& r : p.removed_in) s += " " + r;
  }
  if (!p.returned_in.empty()) {
    s += "; back in";
    for (const auto& r : p.returned_in) s += " " + r;
  }
  return s;
}

}  // namespace

nlohmann::ordered_json identifier_json(const IdentAnswer& a) {
  nlohmann::ordered_json j;
  j["defined"] = presence_json(a.defined);
  j["defined"]["kinds"] = a.kinds;
  j["mentioned"] = presence_json(a.mentioned);
  if (!a.series.empty()) {  // an index with series
    j["series"] = nlohmann::ordered_json::object();
    for (const IdentSeriesAnswer& s : a.series)
      j["series"][s.defined.series] = {{"defined", series_json(s.defined)}, {"mentioned", series_json(s.mentioned)}};
  }
  return j;
}

void print_identifier_series(const IdentAnswer& a, bool filtered) {
  for (const IdentSeriesAnswer& s : a.series) {
    if (!filtered && s.defined.present.empty() && s.mentioned.present.empty()) continue;
    std::string defined = series_line(s.defined), mentioned = series_line(s.mentioned);
    std::printf("  %s.y  defined %s; mentioned %s\n", s.defined.series.c_str(),
                defined.substr(s.defined.series.size() + 4).c_str(),
                mentioned.substr(s.mentioned.series.size() + 4).c_str());
  }
}

std::string identifier_line(const IdentAnswer& a) {
  std::string kinds;
  for (const auto& k : a.kinds) kinds += (kinds.empty() ? "" : ", ") + k;
  std::string s = a.name + "  defined " + presence_text(a.defined);
  if (!kinds.empty()) s += " as " + kinds;
  return s + "; mentioned " + presence_text(a.mentioned);
}

nlohmann::ordered_json series_json(const SeriesAnswer& a) {
  nlohmann::ordered_json j;
  j["base"] = a.base;
  j["version"] = a.version;
  j["prev"] = a.prev;
  j["since"] = a.since;
  j["present"] = a.present;
  j["first_seen"] = a.lifecycle.first_seen;
  j["removed_in"] = a.lifecycle.removed_in;
  j["returned_in"] = a.lifecycle.returned_in;
  j["newest"] = a.newest;
  return j;
}

std::string series_line(const SeriesAnswer& a) {
  std::string s = a.series + ".y  ";
  if (a.present.empty()) return s + "absent at every point indexed (the newest " + a.newest + ")";
  if (a.version.empty()) s += "absent at the newest point " + a.newest + " (first seen " + a.lifecycle.first_seen + ")";
  else if (a.since == "base") s += "since the base " + a.version;
  else if (a.since == "first point") s += "since " + a.version + ", the oldest point indexed (nothing older is)";
  else s += "since " + a.version + " (absent at " + a.prev + ")";
  for (const auto& t : a.lifecycle.removed_in) s += "; removed in " + t;
  for (const auto& t : a.lifecycle.returned_in) s += "; back in " + t;
  return s;
}

void print_series(const std::vector<SeriesAnswer>& all, bool filtered) {
  for (const SeriesAnswer& a : all)
    if (filtered || !a.present.empty()) std::printf("  %s\n", series_line(a).c_str());
}

nlohmann::ordered_json series_object(const std::vector<SeriesAnswer>& all) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const SeriesAnswer& a : all) j[a.series] = series_json(a);
  return j;
}

void print_suggestions(Store& store, const std::string& name) {
  if (has_identifiers(store)) {
    // The identifier index knows every word of the indexed tags: no need to
    // read the repository to say the name is not there.
    std::vector<std::string> near = nearest_names(store, name, 3);
    for (const std::string& n : nearest_identifiers(store, name, 5 - std::min<size_t>(near.size(), 2)))
      if (std::find(near.begin(), near.end(), n) == near.end()) near.push_back(n);
    std::string list;
    for (size_t i = 0; i < near.size(); i++)
      list += (i ? (i + 1 == near.size() ? " or " : ", ") : "") + near[i];
    if (!near.empty()) std::fprintf(stderr, "ksince: did you mean %s?\n", list.c_str());
    std::fprintf(stderr, "ksince: %s is not an identifier of the indexed tags either\n", name.c_str());
    return;
  }
  Suggestions s = suggest_for(store, name);
  std::string list;
  for (size_t i = 0; i < s.near.size(); i++)
    list += (i ? (i + 1 == s.near.size() ? " or " : ", ") : "") + s.near[i];
  if (!s.near.empty()) std::fprintf(stderr, "ksince: did you mean %s?\n", list.c_str());
  if (!s.repo_read) return;  // no readable repository: the suggestions above are all we have
  // Not indexed, but maybe in the repository: say where, and how to add it.
  if (s.place)
    std::fprintf(stderr,
                 "ksince: %s is in the repository (%s:%zu at %s) but not in %s; to index it, add\n"
                 "          - name: %s\n        to a group's patterns there and run `ksince index` again\n",
                 name.c_str(), s.place->path.c_str(), s.place->line, s.place->tag.c_str(), s.patterns_file.c_str(),
                 name.c_str());
  else if (s.near.empty())
    std::fprintf(stderr, "ksince: %s is not in the repository's files either (as a word, at its newest tag indexed)\n",
                 name.c_str());
}

nlohmann::ordered_json backports_json(const std::vector<SeriesCommit>& all) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const SeriesCommit& c : all)
    list.push_back({{"series", c.series}, {"version", c.version}, {"prev", c.prev}, {"commit", c.commit},
                    {"exact", c.exact}, {"searched", c.searched}, {"upstream", c.upstream},
                    {"upstream_release", c.upstream_release}});
  return list;
}

}  // namespace ksince::cli
