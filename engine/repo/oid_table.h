#pragma once
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "repo/oid.h"

namespace ksince {

// Dense ids for object ids, in order of insertion. A flat open-addressing
// table: a lookup touches one slot and one Oid, where a node-based map
// touches three places. Loading an index's scan results looks up every blob
// the index knows (hundreds of thousands) and was bound by those misses.
class OidTable {
 public:
  size_t size() const { return oids_.size(); }
  const Oid& operator[](uint32_t id) const { return oids_[id]; }

  std::optional<uint32_t> find(const Oid& oid) const {
    if (slots_.empty()) return std::nullopt;
    for (size_t i = OidHash()(oid) & mask();; i = (i + 1) & mask()) {
      uint32_t s = slots_[i];
      if (s == 0) return std::nullopt;
      if (oids_[s - 1] == oid) return s - 1;
    }
  }

  // The id of oid, and whether it was added now.
  std::pair<uint32_t, bool> insert(const Oid& oid) {
    if (auto id = find(oid)) return {*id, false};
    if (2 * (oids_.size() + 1) > slots_.size()) grow();
    uint32_t id = static_cast<uint32_t>(oids_.size());
    oids_.push_back(oid);
    place(id);
    return {id, true};
  }

 private:
  size_t mask() const { return slots_.size() - 1; }
  void place(uint32_t id) {
    size_t i = OidHash()(oids_[id]) & mask();
    while (slots_[i] != 0) i = (i + 1) & mask();
    slots_[i] = id + 1;
  }
  void grow() {  // at most half full: short probe runs
    slots_.assign(slots_.empty() ? 1024 : 2 * slots_.size(), 0);
    for (uint32_t id = 0; id < oids_.size(); id++) place(id);
  }

  std::vector<Oid> oids_;
  std::vector<uint32_t> slots_;  // id + 1; 0 is empty; a power of two in size
};

}  // namespace ksince
