#pragma once
#include <string>
#include <vector>

#include "store/store.h"

namespace ksince {

// One line of `ksince check`.
struct Finding {
  bool error;            // false: a warning, which does not fail the check
  std::string message;
};

// Validates the facts the exports are made of (merged_facts): version format,
// commit format, duplicates, empty names, entries no pattern computes, and —
// when the indexed repository can be opened — that each commit is in its
// version tag and not in the tag before. With `docs_root`, also that every
// page marker names a known feature.
std::vector<Finding> check_facts(Store& store, const std::string& docs_root);

}  // namespace ksince
