#include "idents/name_table.h"

#include <cstring>

#include "util/error.h"

namespace ksince {

// One shard: slots hold (hash high bits << 32 | id + 1), 0 empty, at most
// half full; names are copied into 1 MiB arena blocks that never move.
struct NameTable::Shard {
  std::mutex m;
  std::vector<uint64_t> slots;
  size_t count = 0;
  std::vector<std::unique_ptr<char[]>> blocks;
  size_t block_used = 0, block_size = 0;

  std::string_view store(std::string_view s) {
    if (block_used + s.size() > block_size) {
      block_size = std::max<size_t>(1 << 20, s.size());
      blocks.emplace_back(new char[block_size]);
      block_used = 0;
    }
    char* p = blocks.back().get() + block_used;
    std::memcpy(p, s.data(), s.size());
    block_used += s.size();
    return {p, s.size()};
  }
};

NameTable::NameTable() : chunks_(size_t(1) << (32 - kChunkBits)) {
  for (auto& s : shards_) s = std::make_unique<Shard>();
}

NameTable::~NameTable() {
  for (auto& c : chunks_) delete[] c.load();
}

void NameTable::set_name(uint32_t id, std::string_view stored) {
  size_t c = id >> kChunkBits;
  std::string_view* chunk = chunks_[c].load(std::memory_order_acquire);
  if (!chunk) {
    std::lock_guard<std::mutex> lock(chunk_mutex_);
    chunk = chunks_[c].load(std::memory_order_acquire);
    if (!chunk) {
      chunk = new std::string_view[size_t(1) << kChunkBits];
      chunks_[c].store(chunk, std::memory_order_release);
    }
  }
  chunk[id & ((1u << kChunkBits) - 1)] = stored;
}

std::string_view NameTable::name(uint32_t id) const {
  const std::string_view* chunk = chunks_[id >> kChunkBits].load(std::memory_order_acquire);
  return chunk ? chunk[id & ((1u << kChunkBits) - 1)] : std::string_view();
}

namespace {

// A slot holds (tag << 32 | id + 1), 0 when empty; the tag is the hash's
// high half and places the slot, so growing needs no name.
template <typename NameOf>
uint32_t probe(const std::vector<uint64_t>& slots, uint32_t tag, std::string_view name, const NameOf& name_of,
               size_t& at) {
  const size_t mask = slots.size() - 1;
  for (size_t i = tag & mask;; i = (i + 1) & mask) {
    uint64_t s = slots[i];
    if (s == 0) {
      at = i;
      return 0;
    }
    if (static_cast<uint32_t>(s >> 32) == tag && name_of(static_cast<uint32_t>(s) - 1) == name)
      return static_cast<uint32_t>(s);
  }
}

void grow(std::vector<uint64_t>& slots) {
  std::vector<uint64_t> old = std::move(slots);
  slots.assign(old.empty() ? 4096 : 2 * old.size(), 0);
  const size_t mask = slots.size() - 1;
  for (uint64_t s : old) {
    if (!s) continue;
    size_t i = (s >> 32) & mask;
    while (slots[i]) i = (i + 1) & mask;
    slots[i] = s;
  }
}

}  // namespace

uint32_t NameTable::add(std::string_view name, uint64_t h, uint32_t id, bool loading) {
  const uint32_t tag = static_cast<uint32_t>(h >> 32);
  Shard& sh = *shards_[h % kShards];
  std::lock_guard<std::mutex> lock(sh.m);
  if (2 * (sh.count + 1) > sh.slots.size()) grow(sh.slots);
  size_t at = 0;
  if (uint32_t s = probe(sh.slots, tag, name, [&](uint32_t i) { return this->name(i); }, at)) {
    if (loading) throw Error(cat("the identifier index names '", name, "' twice"));
    return s - 1;
  }
  if (!loading) {
    id = next_.fetch_add(1, std::memory_order_acq_rel);
    if (id == UINT32_MAX) throw Error("more than 4 billion distinct identifiers");
  }
  set_name(id, sh.store(name));
  sh.slots[at] = (uint64_t(tag) << 32) | (uint64_t(id) + 1);
  sh.count++;
  return id;
}

uint32_t NameTable::insert(std::string_view name) { return add(name, hash(name), 0, false); }

uint32_t NameTable::insert_hashed(std::string_view name, uint64_t h) { return add(name, h, 0, false); }

void NameTable::load(std::string_view name, uint32_t id) {
  if (id == UINT32_MAX) throw Error(cat("the identifier index gives '", name, "' an id out of range"));
  add(name, hash(name), id, true);
  uint32_t next = next_.load();
  while (id + 1 > next && !next_.compare_exchange_weak(next, id + 1)) {
  }
}

}  // namespace ksince
