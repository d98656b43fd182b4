#pragma once
#include <cstdint>
#include <string>

namespace ksince {

// For progress lines (progress.h): ", about 1 min 20 s left", the rest of a
// counted phase at its pace so far; "" until that says something (nothing
// done yet, under a second in, or all done).
std::string time_left(double elapsed_seconds, uint64_t done, uint64_t total);

}  // namespace ksince
