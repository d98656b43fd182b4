#pragma once
#include <optional>
#include <string>

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

}  // namespace ksince
