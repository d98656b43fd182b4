#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ksince {

// Applies one git delta (the instructions of a pack's OFS_DELTA or REF_DELTA
// entry) to `base`, into `out`. Throws Error when the delta is malformed or
// does not fit the base: sizes that disagree, copies past the base's end, a
// result over `limit` bytes (a corrupt size must not allocate gigabytes).
void apply_git_delta(std::string_view base, std::string_view delta, std::string& out, uint64_t limit);

// The size of the object the delta makes (from its header), without applying
// it; throws Error when the header is cut short.
uint64_t git_delta_result_size(std::string_view delta);

}  // namespace ksince
