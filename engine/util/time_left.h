#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace ksince {

// For progress lines (progress.h): ", about 1 min 20 s left", the rest of a
// counted phase at its pace so far; "" until that says something (nothing
// done yet, under a second in, or all done).
std::string time_left(double elapsed_seconds, uint64_t done, uint64_t total);

// Seconds since `start`, for the phases' timings and the estimates above.
inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace ksince
