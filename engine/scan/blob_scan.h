#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "scan/matcher.h"
#include "repo/oid.h"

namespace ksince {

struct ScannedBlob {
  uint32_t index = 0;           // position in the input list
  uint64_t size = 0;
  std::vector<uint32_t> hits;   // matcher indices, ascending
};

// Reads every blob once and scans it with the matcher, on `jobs` threads, each
// with its own libgit2 repository and Hyperscan scratch. Finished batches are
// handed to `sink` on the calling thread as they complete (in no fixed
// order), so the caller can store them while the workers go on.
void scan_blobs(const std::string& git_dir, const Matcher& matcher, const std::vector<Oid>& blobs,
                unsigned jobs, const std::function<void(std::vector<ScannedBlob>&)>& sink);

}  // namespace ksince
