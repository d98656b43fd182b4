#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "util/hash.h"

namespace ksince {

// Dense ids for the identifier index's names, shared by the reading threads.
// A kernel tree has millions of distinct words, most of them met once, and
// each blob's few hundred are looked up as it is read: the table is split in
// shards, each a flat open-addressing table under its own lock, and the names
// live in arenas (no allocation per name).
//
// Ids are given in order of insertion, from 0 or from the ids loaded from
// the index. name(id) is safe for an id whose insert() has returned (on any
// thread that has seen that id through a lock or a join).
class NameTable {
 public:
  NameTable();
  ~NameTable();
  NameTable(const NameTable&) = delete;
  NameTable& operator=(const NameTable&) = delete;

  // The id of name, inserting it with the next id if new.
  uint32_t insert(std::string_view name);
  // The same, with hash(name) computed by the caller.
  uint32_t insert_hashed(std::string_view name, uint64_t h);
  static uint64_t hash(std::string_view s) { return hash_bytes(s); }
  // Puts a name known to the index with its id (before any insert()).
  void load(std::string_view name, uint32_t id);
  // The name of an id below size(); empty while its insert() is under way.
  std::string_view name(uint32_t id) const;
  // One more than the largest id given or loaded.
  uint32_t size() const { return next_.load(std::memory_order_acquire); }

 private:
  static constexpr size_t kShards = 64;
  static constexpr size_t kChunkBits = 16;  // names by id: chunks of 65,536 views
  struct Shard;
  void set_name(uint32_t id, std::string_view stored);
  uint32_t add(std::string_view name, uint64_t h, uint32_t id, bool loading);
  std::array<std::unique_ptr<Shard>, kShards> shards_;
  std::atomic<uint32_t> next_{0};
  // names by id, in chunks allocated on demand: views into the shards' arenas
  std::vector<std::atomic<std::string_view*>> chunks_;
  std::mutex chunk_mutex_;
};

// One reading thread's cache in front of the shared table: the words most
// files share (int, return, u32, NULL) are found without a lock. Direct
// mapped; the views point into the table's arenas, which never move.
class NameCache {
 public:
  explicit NameCache(NameTable& table) : table_(table), slots_(kSlots) {}
  uint32_t id(std::string_view name) { return id(name, NameTable::hash(name)); }
  uint32_t id(std::string_view name, uint64_t h) {
    Slot& s = slots_[h & (kSlots - 1)];
    if (s.hash == h && s.name == name) return s.id;
    uint32_t id = table_.insert_hashed(name, h);
    s = {h, table_.name(id), id};
    return id;
  }

 private:
  static constexpr size_t kSlots = 1 << 18;
  struct Slot {
    uint64_t hash = 0;
    std::string_view name;
    uint32_t id = 0;
  };
  NameTable& table_;
  std::vector<Slot> slots_;
};

}  // namespace ksince
