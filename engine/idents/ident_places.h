#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "repo/repo.h"
#include "store/store.h"

namespace ksince {

struct IdentPlace {
  std::string file;
  uint32_t line = 0;
  std::string kind;
};
// Where the newest tag that defines an identifier defines it.
struct IdentPlaces {
  std::string tag;
  size_t total = 0;                // places at that tag
  std::vector<IdentPlace> places;  // the first `limit`, by file then line
};

// nullopt when the index has no definition of the name. Walks the tag's tree
// in the identifier scope and reads the stored definitions of its blobs (no
// blob is read): about a second on a kernel tree.
std::optional<IdentPlaces> definition_places(Store& store, const Repo& repo, const std::string& name, size_t limit);

}  // namespace ksince
