#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "repo/mapped_file.h"
#include "repo/oid.h"
#include "repo/pack_index.h"
#include "util/lru_cache.h"

struct libdeflate_decompressor;

namespace ksince {

// Reads objects straight from a repository's pack files (its own and its
// alternates'): libdeflate inflates, deltas are applied here, and resolved
// objects are kept in a small cache, so reading in pack order (pack_order())
// inflates each delta base about once. Several times faster than libgit2's
// object reads, which inflate with zlib (docs/performance.md).
// What no pack holds (loose objects, a partial clone's missing blobs) is not
// found here: the caller asks libgit2. One reader per thread.
class PackReader {
 public:
  enum class Type { None = 0, Commit = 1, Tree = 2, Blob = 3, Tag = 4 };

  // "commit", "tree", "blob", "tag"; "nothing" for None.
  static const char* type_name(Type t);

  explicit PackReader(const std::string& git_dir);
  ~PackReader();
  PackReader(const PackReader&) = delete;
  PackReader& operator=(const PackReader&) = delete;

  // The object's type and bytes (in `out`, its capacity reused) when a pack
  // holds it, else Type::None (and `out` holds nothing useful): no pack has
  // it, its delta base is not in a pack, or it is too big to read whole.
  // Throws Error when a pack is corrupt.
  Type read(const Oid& id, std::string& out);

  // Where a pack holds the object: (pack number, offset), packs numbered in
  // the order they were found.
  std::optional<std::pair<uint32_t, uint64_t>> locate(const Oid& id) const;

 private:
  struct Pack {
    std::string path;
    PackIndex idx;
    MappedFile data;
    Pack(const std::string& pack_path, const std::string& idx_path);
  };
  struct Header;
  Header header(uint32_t pack, uint64_t offset) const;
  void inflate(uint32_t pack, const Header& h, std::string& out);
  Type resolve(uint32_t pack, uint64_t offset, std::string& out);
  void remember(uint64_t key, Type type, const std::string& bytes);

  std::vector<std::unique_ptr<Pack>> packs_;
  struct FreeDecompressor {
    void operator()(libdeflate_decompressor* d) const;
  };
  std::unique_ptr<libdeflate_decompressor, FreeDecompressor> inflater_;

  // Resolved objects by (pack, offset), least recently used evicted first.
  struct Cached {
    Type type;
    std::string bytes;
  };
  LruCache<uint64_t, Cached> cache_;
  std::string delta_;  // scratch: a delta's instructions
  std::string next_;   // scratch: the object a delta makes
};

}  // namespace ksince
