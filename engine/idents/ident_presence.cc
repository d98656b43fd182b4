#include "idents/ident_presence.h"

#include "util/error.h"
#include "util/varint.h"

namespace ksince {

IdentTagSets::IdentTagSets(size_t tags, uint32_t ids)
    : ids_(ids),
      mentioned_(tags, std::vector<uint64_t>((ids + 63) / 64)),
      defined_(tags, std::vector<uint64_t>((ids + 63) / 64)),
      kinds_(ids, 0),
      settled_(ids, 0) {}

void IdentTagSets::add(size_t t, const IdentRecord& r) {
  std::vector<uint64_t>& m = mentioned_[t];
  for (uint32_t id : r.words) m[id >> 6] |= uint64_t(1) << (id & 63);
  std::vector<uint64_t>& d = defined_[t];
  for (const IdentDef& def : r.defs) {
    d[def.id >> 6] |= uint64_t(1) << (def.id & 63);
    if (settled_[def.id]) continue;
    kinds_[def.id] |= uint16_t(1u << static_cast<unsigned>(def.kind));
    touched_.push_back(def.id);
  }
}

void IdentTagSets::finish_tag() {
  for (uint32_t id : touched_) settled_[id] = 1;
  touched_.clear();
}

bool IdentTagSets::any(uint32_t id) const {
  for (size_t t = 0; t < tags(); t++)
    if (mentioned(t, id) || defined(t, id)) return true;
  return false;
}

std::string IdentTagSets::runs(uint32_t id, bool defined) const {
  thread_local std::vector<uint8_t> p;
  p.resize(tags());
  for (size_t t = 0; t < tags(); t++) p[t] = defined ? this->defined(t, id) : mentioned(t, id);
  return encode_runs(p);
}

std::string encode_runs(const std::vector<uint8_t>& present) {
  std::string out;
  const size_t n = present.size();
  for (size_t t = 0; t < n;) {
    if (!present[t]) {
      t++;
      continue;
    }
    size_t e = t;
    while (e < n && present[e]) e++;
    put_varint(out, t);
    put_varint(out, e == n ? 0 : e - t);
    t = e;
  }
  return out;
}

std::vector<uint8_t> decode_runs(std::string_view runs, size_t tags, const char* what) {
  std::vector<uint8_t> p(tags, 0);
  size_t pos = 0, min_start = 0;
  while (pos < runs.size()) {
    uint64_t start = get_varint(runs, pos, what);
    uint64_t len = get_varint(runs, pos, what);
    uint64_t end = len == 0 ? tags : start + len;
    if (start < min_start || start >= tags || end > tags || end <= start)
      throw Error(cat(what, ": a presence run outside the index's ", tags, " tags"));
    for (uint64_t t = start; t < end; t++) p[t] = 1;
    min_start = end + 1;
  }
  return p;
}

}  // namespace ksince
