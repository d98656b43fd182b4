#include "util/time_left.h"

namespace ksince {

std::string time_left(double elapsed_seconds, uint64_t done, uint64_t total) {
  if (done == 0 || done >= total || elapsed_seconds < 1) return "";
  auto left = static_cast<uint64_t>(elapsed_seconds * static_cast<double>(total - done) / static_cast<double>(done) + 0.5);
  std::string s = ", about ";
  if (left >= 3600) s += std::to_string(left / 3600) + " h " + std::to_string(left % 3600 / 60) + " min";
  else if (left >= 60) s += std::to_string(left / 60) + " min " + std::to_string(left % 60) + " s";
  else s += std::to_string(left) + " s";
  return s + " left";
}

}  // namespace ksince
