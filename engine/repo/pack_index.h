#pragma once
#include <cstdint>
#include <string>

#include "repo/mapped_file.h"
#include "repo/oid.h"

namespace ksince {

// One pack's .idx file (version 2, what git has written since 1.5.2): where
// each object of the pack starts. Read directly: libgit2 has no API for
// offsets. A missing, truncated or older-format file is not ok().
class PackIndex {
 public:
  explicit PackIndex(const std::string& idx_path);

  bool ok() const { return ok_; }
  uint32_t count() const { return count_; }
  // The object's offset in the pack, or -1 when this pack lacks it.
  int64_t offset(const Oid& oid) const;

 private:
  uint32_t be32(size_t at) const;
  MappedFile file_;
  bool ok_ = false;
  uint32_t count_ = 0;
};

}  // namespace ksince
