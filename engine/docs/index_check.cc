#include "docs/index_check.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>

#include "docs/docs_markers.h"
#include "store/imported_facts.h"
#include "repo/repo.h"
#include "repo/tag_select.h"

namespace ksince {

namespace {

// The commit a tag names, if the repository has the tag.
std::optional<git_oid> tag_commit(const Repo& repo, const std::string& tag) {
  git_object* obj = nullptr;
  if (git_revparse_single(&obj, repo.raw(), ("refs/tags/" + tag + "^{commit}").c_str()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  GitObject owner(obj);
  return *git_object_id(obj);
}

// Is `commit` the tag's commit or one of its ancestors?
bool contained(const Repo& repo, const git_oid& tip, const git_oid& commit) {
  return git_oid_equal(&tip, &commit) || git_graph_descendant_of(repo.raw(), &tip, &commit) == 1;
}

}  // namespace

std::vector<Finding> check_facts(Store& store, const std::string& docs_root) {
  std::vector<Finding> out;
  std::vector<Feature> facts = merged_facts(store);
  std::vector<Feature> computed = all_features(store);
  std::set<std::pair<std::string, std::string>> patterned;
  std::map<std::pair<std::string, std::string>, const Feature*> computed_of;
  // How often the patterns file lists each entry: that many copies are expected.
  std::map<std::pair<std::string, std::string>, int> listed;
  for (const Feature& f : computed) {
    listed[{f.group, f.name}]++;
    patterned.insert({f.group, f.name});
    computed_of[{f.group, f.name}] = &f;
  }
  std::vector<std::string> tags = selected_tags(store);

  std::optional<Repo> repo;
  std::string repo_path = store.meta("repo").value_or("");
  if (!repo_path.empty()) {
    try {
      repo.emplace(repo_path);
    } catch (const Error& e) {
      out.push_back({false, cat("repository ", repo_path, " cannot be opened, commits not checked: ", e.what())});
    }
  }

  // A version is a name tag selection can produce: one the index's tag
  // regexes select (v2.6.39, v255, 1.2.3 where the regexes take them). Without
  // an index run, any vX[.Y...][-rcN]. A hand-typed 7.1 is neither.
  static const std::regex version_form("v[0-9]+(\\.[0-9]+)*(-rc[0-9]+)?");
  std::optional<TagRegexes> tag_regexes;
  std::string regex_list;
  if (auto r = store.meta("tag_regexes")) {
    std::vector<std::string> list = nlohmann::json::parse(*r).get<std::vector<std::string>>();
    for (const std::string& x : list) regex_list += (regex_list.empty() ? "" : ", ") + x;
    tag_regexes.emplace(list);
  }
  auto version_ok = [&](const std::string& v) {
    return tag_regexes ? tag_regexes->accepts_version(v) : std::regex_match(v, version_form);
  };
  static const std::regex commit_form("[0-9a-f]{40}");
  std::map<std::pair<std::string, std::string>, int> seen;
  for (const Feature& f : facts) {
    std::string id = f.group + "/" + f.name;
    if (f.name.empty()) {
      out.push_back({true, cat(f.group, ": an entry with an empty name")});
      continue;
    }
    if (++seen[{f.group, f.name}] == std::max(1, listed[{f.group, f.name}]) + 1)
      out.push_back({true, cat(id, ": appears more than once")});
    if (!f.version.empty() && !version_ok(f.version))
      out.push_back({true, tag_regexes ? cat(id, ": version '", f.version, "' is no name the tag regexes select (",
                                             regex_list, "), nor a release candidate of one")
                                       : cat(id, ": version '", f.version, "' is not of the form vX.Y[.Z...] or "
                                                 "vX.Y-rcN")});
    if (!f.commit.empty() && !std::regex_match(f.commit, commit_form))
      out.push_back({true, cat(id, ": commit '", f.commit, "' is not a 40-digit commit id")});
    if (!computed.empty() && !patterned.count({f.group, f.name}))
      out.push_back({false, cat(id, ": in the data but no pattern computes it")});
    if (!repo || f.commit.empty() || f.version.empty() || !std::regex_match(f.commit, commit_form)) continue;

    git_oid commit;
    git_oid_fromstr(&commit, f.commit.c_str());
    auto version = tag_commit(*repo, f.version);
    if (!version) {
      out.push_back({false, cat(id, ": version tag ", f.version, " is not in the repository")});
      continue;
    }
    if (!contained(*repo, *version, commit)) {
      out.push_back({true, cat(id, ": commit ", f.commit.substr(0, 12), " is not in ", f.version)});
      continue;
    }
    // The tag before the version: the computed prev, or the next older tag indexed.
    std::string prev;
    auto c = computed_of.find({f.group, f.name});
    if (c != computed_of.end() && c->second->version == f.version) {
      prev = c->second->prev;
    } else {
      auto at = std::find(tags.begin(), tags.end(), f.version);
      prev = at != tags.end() && at + 1 != tags.end() ? *(at + 1) : "";
    }
    if (prev.empty()) continue;
    if (auto p = tag_commit(*repo, prev); p && contained(*repo, *p, commit))
      out.push_back({true, cat(id, ": commit ", f.commit.substr(0, 12), " is already in ", prev,
                               ", the tag before ", f.version)});
  }

  // Duplicates in an imported file that the computed facts hide from the
  // exports are still worth cleaning up.
  if (!computed.empty()) {
    std::map<std::pair<std::string, std::string>, int> in_file;
    for (const ImportedFact& i : imported_facts(store))
      if (++in_file[{i.group, i.name}] == 2)
        out.push_back({false, cat(i.group, "/", i.name, ": appears more than once in the imported file (line ",
                                  i.line, ")")});
  }

  if (!docs_root.empty()) {
    std::set<std::string> known;
    for (const Feature& f : facts) known.insert(f.name);
    FactLookup none = [](const std::string&) { return std::nullopt; };
    // First the whole tree, which names every broken page in one error; then
    // each page, for the place of each marker to report.
    rewrite_tree(docs_root, none, true);
    for (const std::string& path : list_pages(docs_root)) {
      PageResult page = rewrite_page(path, read_page(path), none);
      for (size_t i = 0; i < page.names.size(); i++)
        if (!known.count(page.names[i]))
          out.push_back({true, cat(path, ":", page.name_lines[i], ": a marker names unknown feature '",
                                   page.names[i], "'")});
    }
  }
  return out;
}

}  // namespace ksince
