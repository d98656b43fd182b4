#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ksince {

class Store;

// The names `query` and `show` answer for: the active patterns' names and the
// derived facts' keys (a key "A B" is asked for by its last word B).

// Those starting with `prefix`, sorted, at most `limit`: for shell completion,
// so one indexed range scan, not a pass over every name.
std::vector<std::string> names_with_prefix(Store& store, const std::string& prefix, size_t limit);

// Levenshtein distance (insert, delete, substitute: 1 each), stopping early
// once it must exceed `bound` (then returns bound + 1).
size_t edit_distance(std::string_view a, std::string_view b, size_t bound);

// The known names nearest to a name the index does not know, best first: those
// within a distance that grows with the name's length (a third of it, at least
// 1, at most 3), at most `limit`. Case is ignored in the distance, so
// bpf_LOOP finds bpf_loop.
std::vector<std::string> nearest_names(Store& store, const std::string& name, size_t limit);

}  // namespace ksince
