#include "cli/answer_text.h"

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
  s += a.version.empty() ? "last seen " + a.at : "since " + a.version;
  if (!a.commit.empty())
    s += "  " + a.commit.substr(0, 12) + " " + date_of(a.commit_date) + " \"" + a.commit_subject + "\"";
  s += "  [" + a.file + ":" + std::to_string(a.line) + " at " + a.at + "]";
  if (!a.attrs.empty()) s += " " + a.attrs.dump();
  for (const auto& t : a.lifecycle.removed_in) s += " (removed in " + t + ")";
  return s;
}

void print_suggestions(Store& store, const std::string& name) {
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

}  // namespace ksince::cli
