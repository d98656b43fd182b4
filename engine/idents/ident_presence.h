#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "idents/ident_record.h"

namespace ksince {

// Which identifiers each tag mentions and defines, from the records of the
// blobs it holds, and the kinds at the newest tag defining each.
class IdentTagSets {
 public:
  IdentTagSets(size_t tags, uint32_t ids);
  // Adds one record held by tag t (tags are numbered oldest first, and
  // filled newest first: all of one tag's records, then finish_tag()).
  void add(size_t t, const IdentRecord& r);
  // Ends tag t: the kinds of the ids it defines are settled (the kinds at
  // the newest tag defining an id are its answer).
  void finish_tag();

  size_t tags() const { return mentioned_.size(); }
  uint32_t ids() const { return ids_; }
  bool mentioned(size_t t, uint32_t id) const { return mentioned_[t][id >> 6] >> (id & 63) & 1; }
  bool defined(size_t t, uint32_t id) const { return defined_[t][id >> 6] >> (id & 63) & 1; }
  uint32_t kinds(uint32_t id) const { return kinds_[id]; }
  // Mentioned or defined at some tag: the identifier has an answer.
  bool any(uint32_t id) const;
  // The tags (oldest first) where one id is mentioned (or defined), encoded
  // as runs (encode_runs); of all tags, or of `count` tags from `first`.
  std::string runs(uint32_t id, bool defined) const { return runs(id, defined, 0, tags()); }
  std::string runs(uint32_t id, bool defined, size_t first, size_t count) const;

 private:
  uint32_t ids_;
  std::vector<std::vector<uint64_t>> mentioned_, defined_;
  std::vector<uint16_t> kinds_;
  std::vector<uint8_t> settled_;    // kinds of a newer tag are final
  std::vector<uint32_t> touched_;   // ids the current tag defines
};

// An identifier's presence on one series: runs over its points.
struct SeriesRuns {
  int64_t series_id = 0;
  std::string mentioned, defined;
};
// ident_answers.series: for each series with some presence, varints (id,
// length of mentioned) and those bytes, (length of defined) and those.
std::string encode_series_runs(const std::vector<SeriesRuns>& all);
std::vector<SeriesRuns> decode_series_runs(std::string_view bytes, const char* what);

// Presence over tags (oldest first) as runs: varint pairs (first, length),
// the last run's length 0 when it reaches the newest tag.
std::string encode_runs(const std::vector<uint8_t>& present);
// Throws Error, naming `what`, on runs that do not fit `tags` tags.
std::vector<uint8_t> decode_runs(std::string_view runs, size_t tags, const char* what);

}  // namespace ksince
