#include "idents/ident_rows.h"

#include <map>

#include "util/error.h"

namespace ksince {

IdentRow row_of(const IdentTagSets& cur, const IdentLayout& l, uint32_t id) {
  IdentRow r{cur.runs(id, false, l.releases_first, l.releases), cur.runs(id, true, l.releases_first, l.releases), "",
             cur.kinds(id)};
  if (!l.series.empty()) {
    std::vector<SeriesRuns> per;
    for (const IdentLayout::Slice& s : l.series)
      per.push_back({s.series_id, cur.runs(id, false, s.first, s.count), cur.runs(id, true, s.first, s.count)});
    r.series = encode_series_runs(per);
  }
  return r;
}

IdentPresence decode_row(const IdentRow& row, const IdentLayout& l) {
  IdentPresence p{std::vector<uint8_t>(l.tags(), 0), std::vector<uint8_t>(l.tags(), 0), row.kinds};
  auto put = [](const std::vector<uint8_t>& runs, std::vector<uint8_t>& into, size_t first) {
    std::copy(runs.begin(), runs.end(), into.begin() + static_cast<std::ptrdiff_t>(first));
  };
  put(decode_runs(row.mentioned, l.releases, "ident_answers.mentioned"), p.mentioned, l.releases_first);
  put(decode_runs(row.defined, l.releases, "ident_answers.defined"), p.defined, l.releases_first);
  std::map<int64_t, const IdentLayout::Slice*> slices;
  for (const IdentLayout::Slice& s : l.series) slices[s.series_id] = &s;
  for (const SeriesRuns& s : decode_series_runs(row.series, "ident_answers.series")) {
    auto it = slices.find(s.series_id);
    if (it == slices.end()) throw Error(cat("ident_answers.series: series ", s.series_id, " is not the index's"));
    put(decode_runs(s.mentioned, it->second->count, "ident_answers.series"), p.mentioned, it->second->first);
    put(decode_runs(s.defined, it->second->count, "ident_answers.series"), p.defined, it->second->first);
  }
  return p;
}

IdentRow encode_row(const IdentPresence& p, const IdentLayout& l) {
  auto runs = [](const std::vector<uint8_t>& v, size_t first, size_t count) {
    auto b = v.begin() + static_cast<std::ptrdiff_t>(first);
    return encode_runs(std::vector<uint8_t>(b, b + static_cast<std::ptrdiff_t>(count)));
  };
  IdentRow r{runs(p.mentioned, l.releases_first, l.releases), runs(p.defined, l.releases_first, l.releases), "",
             p.kinds};
  if (!l.series.empty()) {
    std::vector<SeriesRuns> per;
    for (const IdentLayout::Slice& s : l.series)
      per.push_back({s.series_id, runs(p.mentioned, s.first, s.count), runs(p.defined, s.first, s.count)});
    r.series = encode_series_runs(per);
  }
  return r;
}

}  // namespace ksince
