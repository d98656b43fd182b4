#include "repo/pack_order.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

namespace ksince {

namespace {

// A read-only mapping of one .idx file, unmapped on destruction.
class IdxFile {
 public:
  explicit IdxFile(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return;
    struct stat st;
    if (::fstat(fd, &st) == 0 && st.st_size > 8 + 1024) {
      void* p = ::mmap(nullptr, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        data_ = static_cast<const unsigned char*>(p);
        size_ = st.st_size;
      }
    }
    ::close(fd);
    static const unsigned char magic[8] = {0xff, 't', 'O', 'c', 0, 0, 0, 2};
    if (data_ && std::memcmp(data_, magic, 8) != 0) {
      ::munmap(const_cast<unsigned char*>(data_), size_);
      data_ = nullptr;
    }
    if (data_) count_ = be32(8 + 255 * 4);
    if (data_ && size_ < 8 + 1024 + count_ * 28ull) {  // truncated: ignore it
      ::munmap(const_cast<unsigned char*>(data_), size_);
      data_ = nullptr;
    }
  }
  ~IdxFile() {
    if (data_) ::munmap(const_cast<unsigned char*>(data_), size_);
  }
  IdxFile(const IdxFile&) = delete;
  IdxFile& operator=(const IdxFile&) = delete;

  bool ok() const { return data_ != nullptr; }

  // The object's offset in the pack, or -1 when this pack lacks it.
  int64_t offset(const Oid& oid) const {
    unsigned char first = oid.bytes[0];
    uint32_t lo = first ? be32(8 + (first - 1) * 4) : 0;
    uint32_t hi = be32(8 + first * 4);
    const unsigned char* shas = data_ + 8 + 1024;
    while (lo < hi) {
      uint32_t mid = lo + (hi - lo) / 2;
      int c = std::memcmp(shas + mid * 20ull, oid.bytes.data(), 20);
      if (c == 0) {
        size_t off_table = 8 + 1024 + count_ * 24ull;
        uint32_t off = be32(off_table + mid * 4ull);
        if (!(off & 0x80000000u)) return off;
        size_t large = off_table + count_ * 4ull + (off & 0x7fffffffu) * 8ull;
        if (large + 8 > size_) return -1;
        return (int64_t(be32(large)) << 32) | be32(large + 4);
      }
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

 private:
  uint32_t be32(size_t at) const {
    uint32_t v;
    std::memcpy(&v, data_ + at, 4);
    return ntohl(v);
  }
  const unsigned char* data_ = nullptr;
  size_t size_ = 0;
  uint32_t count_ = 0;
};

}  // namespace

std::vector<size_t> pack_order(const std::string& git_dir, const std::vector<Oid>& oids) {
  std::vector<size_t> order(oids.size());
  for (size_t i = 0; i < order.size(); i++) order[i] = i;
  std::vector<std::unique_ptr<IdxFile>> packs;
  std::error_code ec;
  // A worktree's git dir names the shared one in its commondir file.
  std::string objects = git_dir;
  if (std::ifstream common(git_dir + "/commondir"); common) {
    std::string rel;
    std::getline(common, rel);
    if (!rel.empty()) objects = rel[0] == '/' ? rel : git_dir + "/" + rel;
  }
  for (const auto& e : std::filesystem::directory_iterator(objects + "/objects/pack", ec))
    if (e.path().extension() == ".idx") {
      auto f = std::make_unique<IdxFile>(e.path().string());
      if (f->ok()) packs.push_back(std::move(f));
    }
  if (packs.empty()) return order;
  struct Key {
    size_t pack;
    int64_t offset;
    size_t index;
  };
  std::vector<Key> keys;
  keys.reserve(oids.size());
  for (size_t i = 0; i < oids.size(); i++) {
    Key k{packs.size(), 0, i};
    for (size_t p = 0; p < packs.size(); p++) {
      int64_t off = packs[p]->offset(oids[i]);
      if (off >= 0) {
        k = Key{p, off, i};
        break;
      }
    }
    keys.push_back(k);
  }
  std::stable_sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return a.pack != b.pack ? a.pack < b.pack : a.offset < b.offset;
  });
  for (size_t i = 0; i < keys.size(); i++) order[i] = keys[i].index;
  return order;
}

}  // namespace ksince
