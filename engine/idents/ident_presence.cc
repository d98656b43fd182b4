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

std::string IdentTagSets::runs(uint32_t id, bool defined, size_t first, size_t count) const {
  thread_local std::vector<uint8_t> p;
  p.resize(count);
  for (size_t t = 0; t < count; t++) p[t] = defined ? this->defined(first + t, id) : mentioned(first + t, id);
  return encode_runs(p);
}

std::string encode_series_runs(const std::vector<SeriesRuns>& all) {
  std::string out;
  for (const SeriesRuns& s : all) {
    if (s.mentioned.empty() && s.defined.empty()) continue;
    put_varint(out, static_cast<uint64_t>(s.series_id));
    put_varint(out, s.mentioned.size());
    out += s.mentioned;
    put_varint(out, s.defined.size());
    out += s.defined;
  }
  return out;
}

std::vector<SeriesRuns> decode_series_runs(std::string_view bytes, const char* what) {
  std::vector<SeriesRuns> out;
  size_t pos = 0;
  auto part = [&](std::string& into) {
    uint64_t n = get_varint(bytes, pos, what);
    if (n > bytes.size() - pos) throw Error(cat(what, ": a series' presence runs past the row's end"));
    into.assign(bytes.substr(pos, n));
    pos += n;
  };
  while (pos < bytes.size()) {
    SeriesRuns s;
    s.series_id = static_cast<int64_t>(get_varint(bytes, pos, what));
    part(s.mentioned);
    part(s.defined);
    out.push_back(std::move(s));
  }
  return out;
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
