#include "scan/name_in_repo.h"

#include "store/known_names.h"

#include <nlohmann/json.hpp>

#include "scan/matcher.h"
#include "repo/pathspec.h"
#include "repo/repo.h"
#include "store/store.h"
#include "repo/tree_graph.h"

namespace ksince {

std::optional<RepoPlace> find_name_in_repo(Store& store, const std::string& name) {
  std::optional<std::string> repo_path = store.meta("repo");
  if (!repo_path || name.empty()) return std::nullopt;
  Stmt t = store.prepare("SELECT name, tree_oid FROM tags WHERE position = 0");
  if (!t.step()) return std::nullopt;
  RepoPlace place;
  place.tag = t.text(0);
  Oid tree = Oid::from_raw(t.blob(1).data());
  Repo repo(*repo_path);
  Pathspec spec(nlohmann::json::parse(store.meta("files").value_or("[]")).get<std::vector<std::string>>());
  MatchSpec m;
  m.exprs = {name};
  m.label = "name '" + name + "'";
  Matcher matcher({m});
  HsScratch scratch = matcher.new_scratch();
  std::vector<uint32_t> hits;
  bool found = false;
  for_each_file(repo, tree, spec, [&](const std::string& path, const Oid& oid) {
    Repo::Blob b = repo.read_blob(oid);
    hits.clear();
    matcher.scan(b.data(), b.size(), scratch.get(), hits);
    if (hits.empty()) return true;
    // The first line with the word: scan line by line from the start.
    size_t start = 0, line = 1;
    while (start < b.size()) {
      size_t end = start;
      while (end < b.size() && b.data()[end] != '\n') end++;
      hits.clear();
      matcher.scan(b.data() + start, end - start, scratch.get(), hits);
      if (!hits.empty()) {
        place.path = path, place.line = line;
        place.text = std::string(b.data() + start, std::min<size_t>(end - start, 200));
        break;
      }
      start = end + 1, line++;
    }
    found = true;
    return false;
  });
  if (!found) return std::nullopt;
  return place;
}

Suggestions suggest_for(Store& store, const std::string& name) {
  Suggestions s;
  s.near = nearest_names(store, name, 3);
  s.patterns_file = store.meta("patterns_file").value_or("the patterns file");
  try {
    s.place = find_name_in_repo(store, name);
    s.repo_read = true;
  } catch (const std::exception&) {
    // No readable repository: the nearest names are all there is to say.
  }
  return s;
}

}  // namespace ksince
