#include "store/read_answers.h"

#include <algorithm>

#include "repo/version.h"
#include "util/error.h"

namespace ksince {

namespace {

const char* kSelect =
    "SELECT p.group_name, p.name, f.version, f.prev, f.commit_oid, c.subject, c.date, f.commit_exact "
    "FROM patterns p JOIN features f ON f.pattern_id = p.id LEFT JOIN commits c ON c.oid = f.commit_oid "
    "WHERE p.active = 1 ";

Feature row(const Stmt& s) {
  return Feature{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.i64(6), s.i64(7) != 0};
}

}  // namespace

bool provisional(const Feature& f) {
  std::optional<Version> v = Version::parse(f.version);
  return v && v->rc >= 0;
}

std::vector<Feature> all_features(Store& store) {
  // A pattern listed again in its group comes again at each later place.
  std::vector<Feature> out;
  for (Stmt s = store.prepare(
           "SELECT p.group_name, p.name, f.version, f.prev, f.commit_oid, c.subject, c.date, f.commit_exact, "
           "p.group_position AS gp, l.position AS pos FROM patterns p "
           "JOIN (SELECT id AS pattern_id, position FROM patterns WHERE active = 1 "
           "      UNION ALL SELECT pattern_id, position FROM pattern_repeats) l ON l.pattern_id = p.id "
           "JOIN features f ON f.pattern_id = p.id LEFT JOIN commits c ON c.oid = f.commit_oid "
           "WHERE p.active = 1 ORDER BY gp, pos");
       s.step();)
    out.push_back(row(s));
  return out;
}

std::vector<std::string> pattern_groups(Store& store) {
  std::vector<std::string> out;
  for (Stmt s = store.prepare("SELECT name FROM pattern_groups ORDER BY position"); s.step();)
    out.push_back(s.text(0));
  return out;
}

std::vector<Feature> features_named(Store& store, const std::string& name) {
  std::vector<Feature> out;
  Stmt s = store.prepare(std::string(kSelect) + "AND p.name = ? ORDER BY p.group_position, p.position");
  s.bind(1, name);
  while (s.step()) out.push_back(row(s));
  return out;
}

}  // namespace ksince

namespace ksince {

std::vector<std::string> selected_tags(Store& store) {
  std::vector<std::string> out;
  for (Stmt s = store.prepare("SELECT name FROM tags WHERE position IS NOT NULL ORDER BY position"); s.step();)
    out.push_back(s.text(0));
  return out;
}

std::string tag_or_newest(Store& store, const std::optional<std::string>& at) {
  std::vector<std::string> tags = selected_tags(store);
  if (tags.empty()) throw Error(cat(store.path(), ": no tags indexed; run `ksince index` first"));
  if (!at) return tags.front();
  if (std::find(tags.begin(), tags.end(), *at) == tags.end()) {
    std::string list;
    for (const auto& t : tags) list += (list.empty() ? "" : ", ") + t;
    throw Error(cat("tag '", *at, "' is not one the index ", store.path(), " selected (", list, ")"));
  }
  return *at;
}

std::vector<std::string> present_tags(Store& store, const std::string& group, const std::string& name) {
  std::vector<std::string> out;
  // A pattern that declares its kind is present where its fact is.
  Stmt s = store.prepare(
      "SELECT t.name, t.position FROM patterns p JOIN presence pr ON pr.matcher_id = p.matcher_id "
      "JOIN tags t ON t.id = pr.tag_id "
      "WHERE p.active = 1 AND p.group_name = ?1 AND p.name = ?2 AND p.kind = '' AND t.position IS NOT NULL "
      "UNION ALL "
      "SELECT t.name, t.position FROM patterns p JOIN derived_facts d ON d.kind = p.kind AND d.key = p.name "
      "JOIN fact_presence fp ON fp.fact_id = d.id JOIN tags t ON t.id = fp.tag_id "
      "WHERE p.active = 1 AND p.group_name = ?1 AND p.name = ?2 AND p.kind <> '' AND t.position IS NOT NULL "
      "ORDER BY 2");
  s.bind(1, group).bind(2, name);
  while (s.step()) out.push_back(s.text(0));
  return out;
}

}  // namespace ksince

namespace ksince {

Lifecycle lifecycle(Store& store, const std::string& group, const std::string& name) {
  std::vector<std::string> tags = selected_tags(store);
  std::vector<std::string> here = present_tags(store, group, name);
  std::vector<uint8_t> present(tags.size(), 0);
  for (size_t i = 0, j = 0; i < tags.size() && j < here.size(); i++)
    if (tags[i] == here[j]) present[i] = 1, j++;
  return lifecycle_of(tags, present);
}

}  // namespace ksince
