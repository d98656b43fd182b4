#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "store/read_answers.h"
#include "store/store.h"

namespace ksince {

// Why the index says what it says about one feature: where the name appears
// in the introducing commit (or, without one, at the version tag), which tag
// range was searched, and the commit's parents.
struct Evidence {
  Feature feature;
  std::string where;        // the commit or tag the places are in
  std::string author;
  std::vector<std::string> parents;
  struct Place {
    std::string path;
    size_t line = 0;        // 1-based
    std::string text;       // the line, trimmed to 200 bytes
  };
  std::vector<Place> places;  // the first few
};

// Reads the repository recorded in the index. One entry per group holding
// the name; none when the name is unknown.
std::vector<Evidence> evidence_for(Store& store, const std::string& name, size_t max_places = 3);

}  // namespace ksince
