#pragma once
#include <optional>
#include <string>
#include <vector>

namespace ksince {

class Store;

// Where a name the index does not know appears in the indexed repository: the
// first file and line at the newest selected tag, among the patterns file's
// `files`, matched as a word (as an undeclared literal pattern would be). So
// `query` can say "not in the patterns file, but in the repository: add it".
struct RepoPlace {
  std::string tag;
  std::string path;
  size_t line = 0;
  std::string text;
};
// nullopt when the name is not there, or the index has no repository or tag.
// Reads the newest tag's tree (a few seconds on the kernel when absent).
std::optional<RepoPlace> find_name_in_repo(Store& store, const std::string& name);

// What to tell the user of a name the index does not know.
struct Suggestions {
  std::vector<std::string> near;    // the nearest names the index knows (known_names.h)
  bool repo_read = false;           // false: no readable repository, `place` is not known
  std::optional<RepoPlace> place;   // where the repository has it, if it does
  std::string patterns_file;        // where to add it ("the patterns file" when unknown)
};
Suggestions suggest_for(Store& store, const std::string& name);

}  // namespace ksince
