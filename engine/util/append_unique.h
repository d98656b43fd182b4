#pragma once
#include <algorithm>

namespace ksince {

// Appends `v` unless `list` holds it already: a list in first-seen order
// without repeats (a std::vector, or a JSON array).
template <typename List, typename T>
void append_unique(List& list, const T& v) {
  if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
}

}  // namespace ksince
