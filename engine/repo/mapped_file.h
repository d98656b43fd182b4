#pragma once
#include <cstddef>
#include <string>

namespace ksince {

// A whole file mapped read-only, unmapped on destruction. A file that cannot
// be opened or mapped gives an empty mapping (ok() false): callers that can
// do without it (a pack reader that falls back to libgit2) need no error.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  bool ok() const { return data_ != nullptr; }
  const unsigned char* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  const unsigned char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace ksince
