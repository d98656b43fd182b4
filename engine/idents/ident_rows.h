#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "idents/ident_presence.h"

namespace ksince {

// Where each tag's presence sits in a run's tag sets: the series' points
// first (each series oldest first), then the releases oldest first.
struct IdentLayout {
  struct Slice {
    int64_t series_id;
    size_t first, count;
  };
  std::vector<Slice> series;
  size_t releases_first = 0, releases = 0;
  size_t tags() const { return releases_first + releases; }
};

// One row of ident_answers as a fresh index writes it.
struct IdentRow {
  std::string mentioned, defined, series;
  uint32_t kinds = 0;
  bool operator==(const IdentRow&) const = default;
};
IdentRow row_of(const IdentTagSets& cur, const IdentLayout& layout, uint32_t id);

// One identifier's presence at each tag of a layout, as a row says it.
struct IdentPresence {
  std::vector<uint8_t> mentioned, defined;
  uint32_t kinds = 0;
};
// Throws Error on a row that does not fit the layout.
IdentPresence decode_row(const IdentRow& row, const IdentLayout& layout);
IdentRow encode_row(const IdentPresence& p, const IdentLayout& layout);

}  // namespace ksince
