#include "store/imported_facts.h"
#include "util/yaml_file.h"

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>

#include <nlohmann/json.hpp>

namespace ksince {

namespace {

std::string scalar(const std::string& path, const YAML::Node& map, const char* key) {
  YAML::Node n = map[key];
  if (!n || n.IsNull()) return "";
  if (!n.IsScalar()) throw Error(cat(yaml_where(path, n), ": '", key, "' must be a string"));
  return n.Scalar();  // the text as written: 7.1 stays "7.1"
}

}  // namespace

std::vector<ImportedFact> parse_data_file(const std::string& path, std::vector<std::string>* groups) {
  YAML::Node root = load_yaml_file(path);
  if (!root.IsSequence())
    throw Error(cat(path, ": a data file is a list of groups (- name: GROUP, features: [...])"));
  std::vector<ImportedFact> out;
  for (const auto& g : root) {
    if (!g.IsMap() || !g["name"]) throw Error(cat(yaml_where(path, g), ": a group needs a name and features"));
    std::string group = scalar(path, g, "name");
    if (groups) groups->push_back(group);
    YAML::Node list = g["features"];
    if (!list || list.IsNull()) continue;
    if (!list.IsSequence()) throw Error(cat(yaml_where(path, list), ": features of '", group, "' must be a list"));
    for (const auto& f : list) {
      if (!f.IsMap()) throw Error(cat(yaml_where(path, f), ": a feature is a map with name, version, commit"));
      out.push_back({group, scalar(path, f, "name"), scalar(path, f, "version"), scalar(path, f, "commit"),
                     f.Mark().line + 1});
    }
  }
  return out;
}

void store_imported(Store& store, const std::vector<ImportedFact>& facts, const std::string& source,
                    const std::vector<std::string>& groups) {
  Store::Transaction t(store);
  store.exec("DELETE FROM imported");
  Stmt ins = store.prepare(
      "INSERT INTO imported(group_name, name, version, commit_oid, group_position, position, line) "
      "VALUES(?,?,?,?,?,?,?)");
  std::map<std::string, int64_t> group_pos;
  for (size_t i = 0; i < facts.size(); i++) {
    const ImportedFact& f = facts[i];
    int64_t gp = group_pos.emplace(f.group, static_cast<int64_t>(group_pos.size())).first->second;
    ins.bind(1, f.group).bind(2, f.name).bind(3, f.version).bind(4, f.commit).bind(5, gp)
        .bind(6, int64_t(i)).bind(7, int64_t(f.line)).run();
  }
  store.set_meta("imported_from", source);
  store.set_meta("imported_groups", nlohmann::json(groups).dump());
  t.commit();
}

std::vector<std::string> imported_groups(Store& store) {
  // Absent for an import made before the list was kept: the groups with
  // facts, as the table has them.
  std::optional<std::string> text = store.meta("imported_groups");
  if (text) {
    nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_array()) return j.get<std::vector<std::string>>();
  }
  std::vector<std::string> out;
  for (Stmt s = store.prepare("SELECT group_name FROM imported GROUP BY group_name ORDER BY min(group_position)");
       s.step();)
    out.push_back(s.text(0));
  return out;
}

Prefer preference(Store& store) {
  return store.meta("prefer").value_or("imported") == "computed" ? Prefer::Computed : Prefer::Imported;
}

void set_preference(Store& store, Prefer p) {
  store.set_meta("prefer", p == Prefer::Computed ? "computed" : "imported");
}

std::vector<ImportedFact> imported_facts(Store& store) {
  std::vector<ImportedFact> out;
  for (Stmt s = store.prepare("SELECT group_name, name, version, commit_oid, line FROM imported ORDER BY id");
       s.step();)
    out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), static_cast<int>(s.i64(4))});
  return out;
}

namespace {

using Key = std::pair<std::string, std::string>;

}  // namespace

std::vector<Disagreement> disagreements(Store& store) {
  std::map<Key, Feature> computed;
  for (Feature& f : all_features(store)) computed.emplace(Key{f.group, f.name}, std::move(f));
  std::vector<Disagreement> out;
  for (const ImportedFact& i : imported_facts(store)) {
    auto it = computed.find({i.group, i.name});
    if (it == computed.end() || it->second.version.empty()) continue;
    const Feature& c = it->second;
    // A blank imported field says nothing, so it contradicts nothing.
    bool version_differs = !i.version.empty() && c.version != i.version;
    bool commit_differs = !i.commit.empty() && !c.commit.empty() && c.commit != i.commit && c.version == i.version;
    if (version_differs || commit_differs) out.push_back({i, c});
  }
  return out;
}

std::vector<Feature> merged_facts(Store& store) {
  std::vector<Feature> computed = all_features(store);
  std::vector<ImportedFact> imported = imported_facts(store);
  auto as_feature = [](const ImportedFact& i) {
    Feature f;
    f.group = i.group, f.name = i.name, f.version = i.version, f.commit = i.commit;
    return f;
  };
  if (computed.empty()) {
    std::vector<Feature> out;
    for (const ImportedFact& i : imported) out.push_back(as_feature(i));
    return out;
  }
  bool prefer_imported = preference(store) == Prefer::Imported;
  std::map<Key, const ImportedFact*> first;
  for (const ImportedFact& i : imported) first.emplace(Key{i.group, i.name}, &i);
  std::map<Key, bool> has_pattern;
  for (Feature& f : computed) {
    has_pattern[{f.group, f.name}] = true;
    auto it = first.find({f.group, f.name});
    if (it == first.end()) continue;
    const ImportedFact& i = *it->second;
    // A blank on either side never erases what the other side knows: a
    // computed blank (absent, or no commit searched) keeps the recorded fact,
    // an imported blank (nobody filled it in) keeps the computed one. Where
    // both know and disagree, the preference decides.
    auto take_commit = [&](const std::string& commit) {
      f.commit = commit;
      f.commit_subject.clear();
      f.commit_date = 0;
      f.commit_exact = false;  // nobody checked it against the definition
    };
    if (!i.version.empty() && i.version != f.version && (prefer_imported || f.version.empty())) {
      f.version = i.version;
      // The computed commit answers another version: it cannot stay.
      take_commit(i.commit);
    } else if (!i.commit.empty() && i.version == f.version && i.commit != f.commit &&
               (prefer_imported || f.commit.empty())) {
      take_commit(i.commit);
    }
  }
  // Imported entries without a pattern stay, after their group's features
  // (or in a group of their own at the end).
  std::vector<Feature> out;
  std::map<std::string, std::vector<Feature>> orphans;
  std::vector<std::string> orphan_groups;
  for (const ImportedFact& i : imported) {
    if (has_pattern.count({i.group, i.name})) continue;
    if (!orphans.count(i.group)) orphan_groups.push_back(i.group);
    orphans[i.group].push_back(as_feature(i));
  }
  for (size_t k = 0; k < computed.size(); k++) {
    out.push_back(computed[k]);
    bool group_ends = k + 1 == computed.size() || computed[k + 1].group != computed[k].group;
    if (group_ends && orphans.count(computed[k].group)) {
      for (Feature& f : orphans[computed[k].group]) out.push_back(std::move(f));
      orphans.erase(computed[k].group);
    }
  }
  for (const std::string& g : orphan_groups)
    if (orphans.count(g))
      for (Feature& f : orphans[g]) out.push_back(std::move(f));
  return out;
}

}  // namespace ksince
