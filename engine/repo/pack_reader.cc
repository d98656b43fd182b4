#include "repo/pack_reader.h"

#include <libdeflate.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "repo/git_delta.h"
#include "repo/object_dirs.h"
#include "util/error.h"

namespace ksince {

namespace {

// Enough for the bases of a run of deltas read in pack order; objects bigger
// than a quarter of it are not kept (each would evict everything).
constexpr size_t kCacheBytes = 4u << 20;
// git writes chains up to --depth (50 by default, 4095 at most).
constexpr size_t kMaxChain = 10000;
// Bigger objects are left to libgit2's streaming reads: no source file is
// near this, and a corrupt size field must not make us allocate terabytes.
constexpr uint64_t kMaxObject = 256u << 20;
// deflate cannot expand by more than 1032:1.
constexpr uint64_t kMaxRatio = 1040;

enum PackType { kOfsDelta = 6, kRefDelta = 7 };

uint64_t cache_key(uint32_t pack, uint64_t offset) { return (uint64_t(pack) << 44) | offset; }

}  // namespace

const char* PackReader::type_name(Type t) {
  switch (t) {
    case Type::Commit: return "commit";
    case Type::Tree: return "tree";
    case Type::Blob: return "blob";
    case Type::Tag: return "tag";
    default: return "nothing";
  }
}

void PackReader::FreeDecompressor::operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }

PackReader::Pack::Pack(const std::string& pack_path, const std::string& idx_path)
    : path(pack_path), idx(idx_path), data(pack_path) {}

// One entry's header: its type, inflated size, where its deflate stream
// starts, and for a delta where its base is.
struct PackReader::Header {
  int type = 0;
  uint64_t size = 0;
  uint64_t data = 0;         // offset of the deflate stream
  uint64_t base_offset = 0;  // OFS_DELTA
  Oid base_id;               // REF_DELTA
};

PackReader::PackReader(const std::string& git_dir) : cache_(kCacheBytes) {
  namespace fs = std::filesystem;
  for (const std::string& dir : object_dirs(git_dir)) {
    std::error_code ec;
    std::vector<std::string> idxs;
    for (const auto& e : fs::directory_iterator(dir + "/pack", ec))
      if (e.path().extension() == ".idx") idxs.push_back(e.path().string());
    std::sort(idxs.begin(), idxs.end());  // a fixed order, whatever the file system's
    for (const std::string& idx : idxs) {
      std::string pack = idx.substr(0, idx.size() - 4) + ".pack";
      auto p = std::make_unique<Pack>(pack, idx);
      // A pack being written or removed right now, or of a newer format:
      // libgit2 reads what it holds.
      if (!p->idx.ok() || !p->data.ok() || p->data.size() < 12 + 20 || std::memcmp(p->data.data(), "PACK", 4) != 0)
        continue;
      packs_.push_back(std::move(p));
    }
  }
  inflater_.reset(libdeflate_alloc_decompressor());
  if (!inflater_) throw Error("out of memory allocating a decompressor");
}

PackReader::~PackReader() = default;

std::optional<std::pair<uint32_t, uint64_t>> PackReader::locate(const Oid& id) const {
  for (uint32_t p = 0; p < packs_.size(); p++) {
    int64_t off = packs_[p]->idx.offset(id);
    if (off >= 0) return std::make_pair(p, uint64_t(off));
  }
  return std::nullopt;
}

PackReader::Header PackReader::header(uint32_t pack, uint64_t offset) const {
  const Pack& pk = *packs_[pack];
  const unsigned char* base = pk.data.data();
  const uint64_t end = pk.data.size() - 20;  // the trailing checksum
  auto corrupt = [&](const char* what) {
    return Error(cat(pk.path, ": the object at offset ", offset, " ", what, "; the pack is corrupt (git fsck "
                     "says more)"));
  };
  if (offset < 12 || offset >= end) throw corrupt("lies outside the pack");
  uint64_t at = offset;
  unsigned char c = base[at++];
  Header h;
  h.type = (c >> 4) & 7;
  h.size = c & 15;
  for (unsigned shift = 4; c & 0x80; shift += 7) {
    if (at >= end || shift > 57) throw corrupt("has a malformed size");
    c = base[at++];
    h.size |= uint64_t(c & 0x7f) << shift;
  }
  if (h.type == kOfsDelta) {
    if (at >= end) throw corrupt("is cut short");
    c = base[at++];
    uint64_t back = c & 0x7f;
    while (c & 0x80) {
      if (at >= end || back >= (uint64_t(1) << 56)) throw corrupt("has a malformed base offset");
      c = base[at++];
      back = ((back + 1) << 7) | (c & 0x7f);
    }
    if (back == 0 || back > offset) throw corrupt("names a base outside the pack");
    h.base_offset = offset - back;
  } else if (h.type == kRefDelta) {
    if (at + 20 > end) throw corrupt("is cut short");
    h.base_id = Oid::from_raw(base + at);
    at += 20;
  } else if (h.type < 1 || h.type > 4) {
    throw corrupt("has an unknown type");
  }
  h.data = at;
  return h;
}

void PackReader::inflate(uint32_t pack, const Header& h, std::string& out) {
  const Pack& pk = *packs_[pack];
  if (h.size > (pk.data.size() - 20 - h.data) * kMaxRatio + 64)
    throw Error(cat(pk.path, ": the object data at offset ", h.data, " claims ", h.size, " bytes, more than the "
                    "rest of the pack can inflate to; the pack is corrupt (git fsck says more)"));
  out.resize(h.size);
  size_t in_used = 0, out_used = 0;
  libdeflate_result r = libdeflate_zlib_decompress_ex(inflater_.get(), pk.data.data() + h.data,
                                                      pk.data.size() - 20 - h.data, out.data(), h.size, &in_used,
                                                      &out_used);
  if (r != LIBDEFLATE_SUCCESS || out_used != h.size)
    throw Error(cat(pk.path, ": the object data at offset ", h.data, " does not inflate to the ", h.size,
                    " bytes its header says; the pack is corrupt (git fsck says more)"));
}

void PackReader::remember(uint64_t key, Type type, const std::string& bytes) {
  if (bytes.size() <= kCacheBytes / 4) cache_.put(key, Cached{type, bytes}, bytes.size());
}

PackReader::Type PackReader::resolve(uint32_t pack, uint64_t offset, std::string& out) {
  // Walk down the chain to a cached object or a whole one, then apply the
  // deltas on the way back up.
  struct Delta {
    uint32_t pack;
    uint64_t offset;
    Header h;
  };
  std::vector<Delta> deltas;
  Type type = Type::None;
  for (;;) {
    if (const Cached* hit = cache_.get(cache_key(pack, offset))) {
      out = hit->bytes;
      type = hit->type;
      break;
    }
    Header h = header(pack, offset);
    if (h.size > kMaxObject) return Type::None;
    if (h.type != kOfsDelta && h.type != kRefDelta) {
      inflate(pack, h, out);
      type = Type(h.type);
      remember(cache_key(pack, offset), type, out);
      break;
    }
    deltas.push_back({pack, offset, h});
    if (deltas.size() > kMaxChain)
      throw Error(cat(packs_[pack]->path, ": a delta chain longer than ", kMaxChain, " objects; the pack is corrupt"));
    if (h.type == kOfsDelta) {
      offset = h.base_offset;
    } else {
      auto where = locate(h.base_id);
      if (!where) return Type::None;  // a thin pack's base, loose: libgit2 resolves it
      pack = where->first;
      offset = where->second;
    }
  }
  // Each result is kept: the deltas that follow in pack order are often
  // against it or its bases.
  for (size_t i = deltas.size(); i-- > 0;) {
    const Delta& d = deltas[i];
    inflate(d.pack, d.h, delta_);
    try {
      if (git_delta_result_size(delta_) > kMaxObject) return Type::None;
      apply_git_delta(out, delta_, next_, kMaxObject);
    } catch (const Error& e) {
      throw Error(cat(packs_[d.pack]->path, ": the delta at offset ", d.offset, ": ", e.what()));
    }
    out.swap(next_);
    remember(cache_key(d.pack, d.offset), type, out);
  }
  return type;
}

PackReader::Type PackReader::read(const Oid& id, std::string& out) {
  auto where = locate(id);
  if (!where) return Type::None;
  return resolve(where->first, where->second, out);
}

}  // namespace ksince
