#pragma once
#include <string>
#include <vector>

#include "store/store.h"

namespace ksince {

// The identifiers nearest to a name the identifier index does not know,
// best first, at most `limit`: those sharing its first letters (ranges of
// the name tree, the longest shared prefix first) within the edit distance
// of known_names.h (a third of the length, 1 to 3; case ignored). Bounded
// work: a few thousand names read, whatever the index's size.
std::vector<std::string> nearest_identifiers(Store& store, const std::string& name, size_t limit);

}  // namespace ksince
