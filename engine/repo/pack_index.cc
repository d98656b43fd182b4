#include "repo/pack_index.h"

#include <arpa/inet.h>

#include <cstring>

namespace ksince {

// Layout: magic, version, 256 fan-out counts, then the sorted ids (20 bytes
// each), their CRCs (4), their offsets (4; the high bit points into a table
// of 8-byte offsets for packs over 2 GiB), then two checksums.
PackIndex::PackIndex(const std::string& idx_path) : file_(idx_path) {
  static const unsigned char magic[8] = {0xff, 't', 'O', 'c', 0, 0, 0, 2};
  if (!file_.ok() || file_.size() < 8 + 1024 + 40 || std::memcmp(file_.data(), magic, 8) != 0) return;
  count_ = be32(8 + 255 * 4);
  ok_ = file_.size() >= 8 + 1024 + count_ * 28ull + 40;
}

uint32_t PackIndex::be32(size_t at) const {
  uint32_t v;
  std::memcpy(&v, file_.data() + at, 4);
  return ntohl(v);
}

int64_t PackIndex::offset(const Oid& oid) const {
  if (!ok_) return -1;
  unsigned char first = oid.bytes[0];
  uint32_t lo = first ? be32(8 + (first - 1) * 4) : 0;
  uint32_t hi = be32(8 + first * 4);
  if (hi > count_) return -1;
  const unsigned char* ids = file_.data() + 8 + 1024;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    int c = std::memcmp(ids + mid * 20ull, oid.bytes.data(), 20);
    if (c == 0) {
      size_t table = 8 + 1024 + count_ * 24ull;
      uint32_t off = be32(table + mid * 4ull);
      if (!(off & 0x80000000u)) return off;
      size_t large = table + count_ * 4ull + (off & 0x7fffffffu) * 8ull;
      if (large + 8 > file_.size()) return -1;
      return (int64_t(be32(large)) << 32) | be32(large + 4);
    }
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

}  // namespace ksince
