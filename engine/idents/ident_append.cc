#include "idents/ident_append.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "idents/ident_reader.h"
#include "idents/ident_tags.h"
#include "util/error.h"

namespace ksince {

namespace {

bool same_tag(const IdentTag& stored, const TagInfo& now) {
  return stored.name == now.name && stored.tree == now.tree && stored.commit == now.commit;
}

// Maps one slice of the stored layout onto the run's; false when its tags are
// not the first ones of the run's slice, unchanged.
bool map_slice(const std::vector<IdentTag>& stored, const std::vector<std::string>& labels, size_t run_first,
               size_t run_count, const std::vector<const TagInfo*>& tags, const std::vector<std::string>& points,
               IdentAppend& plan) {
  if (stored.empty() || stored.size() > run_count) return false;
  for (size_t j = 0; j < stored.size(); j++) {
    size_t pos = run_first + j;
    if (!same_tag(stored[j], *tags[pos]) || (!labels.empty() && labels[j] != points[pos])) return false;
    plan.moved.push_back(pos);
  }
  for (size_t j = stored.size(); j < run_count; j++) plan.added.push_back({run_first + j, run_first + j - 1});
  return true;
}

}  // namespace

std::optional<IdentAppend> plan_ident_append(Store& store, const IdentLayout& layout,
                                             const std::vector<const TagInfo*>& tags,
                                             const std::vector<std::string>& points,
                                             const std::vector<std::string>& files) {
  // An index from before 'ident_tag_oids' knows its tags by name only.
  if (!store.meta("ident_key") || !store.meta("ident_tag_oids") || stored_ident_reader(store) != kIdentReaderVersion ||
      store.meta("ident_scope") != nlohmann::json(files).dump())
    return std::nullopt;
  std::vector<IdentSeries> series = read_ident_series(store);
  std::vector<IdentTag> releases = read_ident_tags(store);  // newest first
  std::reverse(releases.begin(), releases.end());
  if (series.size() != layout.series.size()) return std::nullopt;
  IdentAppend plan;
  for (size_t i = 0; i < series.size(); i++) {
    const IdentLayout::Slice& s = layout.series[i];
    if (series[i].id != s.series_id) return std::nullopt;
    plan.stored.series.push_back({s.series_id, plan.moved.size(), series[i].points.size()});
    if (!map_slice(series[i].points, series[i].labels, s.first, s.count, tags, points, plan)) return std::nullopt;
  }
  plan.stored.releases_first = plan.moved.size();
  plan.stored.releases = releases.size();
  if (layout.releases > 0 || !releases.empty())
    if (!map_slice(releases, {}, layout.releases_first, layout.releases, tags, points, plan)) return std::nullopt;
  // Each added tag and the tag before each are read as one bit of a mask.
  std::set<size_t> roots;
  for (const IdentAppend::Added& a : plan.added) roots.insert({a.pos, a.prev_pos});
  if (plan.added.empty() || roots.size() > 64) return std::nullopt;
  return plan;
}

namespace {

// The row a fresh index writes for `id`, from its stored row and its
// presence at the added tags.
IdentRow appended_row(const IdentRow& stored, uint32_t id, const IdentAppend& plan, const IdentLayout& layout,
                      const AppendedPresence& read) {
  IdentPresence old = decode_row(stored, plan.stored);
  IdentPresence p{std::vector<uint8_t>(layout.tags(), 0), std::vector<uint8_t>(layout.tags(), 0), 0};
  for (size_t t = 0; t < old.mentioned.size(); t++) {
    p.mentioned[plan.moved[t]] = old.mentioned[t];
    p.defined[plan.moved[t]] = old.defined[t];
  }
  std::vector<uint8_t> added(layout.tags(), 0);
  for (const IdentAppend::Added& a : plan.added) {
    p.mentioned[a.pos] = read.at(a.pos, id).mentioned;
    p.defined[a.pos] = read.at(a.pos, id).defined;
    added[a.pos] = 1;
  }
  // The kinds rule: those at the last tag (in layout order) defining it; at
  // a stored tag, the stored kinds.
  for (size_t t = layout.tags(); t-- > 0;) {
    if (!p.defined[t]) continue;
    p.kinds = added[t] ? read.at(t, id).kinds : stored.kinds;
    break;
  }
  return encode_row(p, layout);
}

// Candidates: the identifiers whose presence or kinds in the records one tag
// of a pair holds and the other does not differ between the two sides; any
// other one has the same presence at both tags, whatever their common
// records hold (a file changed by a point keeps most of its names).
void find_candidates(IdentRun& run, const std::vector<uint64_t>& held, const std::vector<uint64_t>& pairs,
                     AppendedPresence& out) {
  using Cell = AppendedPresence::Cell;
  std::vector<std::unordered_map<uint32_t, Cell>> sides(pairs.size() * 2);
  // Which tag of pair k alone holds a record: 0 or 1; -1 for both or neither.
  auto side_of = [&](uint64_t h, size_t k) -> int {
    uint64_t in = h & pairs[k];
    if (in == 0 || in == pairs[k]) return -1;
    return in == (pairs[k] & (~pairs[k] + 1)) ? 0 : 1;  // the pair's lower bit, or its upper one
  };
  auto differs = [&](uint64_t h) {
    for (size_t k = 0; k < pairs.size(); k++)
      if (side_of(h, k) >= 0) return true;
    return false;
  };
  run.visit_records(held, differs, [&](uint64_t h, const IdentRecord& r) {
    for (size_t k = 0; k < pairs.size(); k++) {
      int side = side_of(h, k);
      if (side < 0) continue;
      std::unordered_map<uint32_t, Cell>& m = sides[k * 2 + static_cast<size_t>(side)];
      for (uint32_t id : r.words) m[id].mentioned = true;
      for (const IdentDef& d : r.defs) {
        Cell& c = m[d.id];
        c.defined = true;
        c.kinds |= uint16_t(1u << static_cast<unsigned>(d.kind));
      }
    }
  });
  auto same = [](const Cell& x, const Cell& y) {
    return x.mentioned == y.mentioned && x.defined == y.defined && x.kinds == y.kinds;
  };
  for (size_t k = 0; k < pairs.size(); k++)
    for (int side = 0; side < 2; side++) {
      const auto& mine = sides[k * 2 + static_cast<size_t>(side)];
      const auto& theirs = sides[k * 2 + static_cast<size_t>(1 - side)];
      for (const auto& [id, c] : mine) {
        auto it = theirs.find(id);
        if (it == theirs.end() || !same(c, it->second)) out.cand.emplace(id, out.cand.size());
      }
    }
}

}  // namespace

AppendedPresence read_appended(IdentRun& run, const IdentAppend& plan, const std::vector<const TagInfo*>& tags,
                               IdentReport& report) {
  using Clock = std::chrono::steady_clock;
  auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
  AppendedPresence out;
  std::vector<uint32_t> roots;
  for (const IdentAppend::Added& a : plan.added)
    for (size_t pos : {a.prev_pos, a.pos})
      if (out.root_of.emplace(pos, roots.size()).second) roots.push_back(run.add_tag(*tags[pos]));
  for (const IdentAppend::Added& a : plan.added) {
    out.added_roots.push_back(roots[out.root_of[a.pos]]);
    out.before_roots.push_back(roots[out.root_of[a.prev_pos]]);
  }
  auto t0 = Clock::now();
  run.collect(true);
  run.read_new();
  report.read_seconds = since(t0);

  auto t1 = Clock::now();
  std::vector<uint64_t> held = run.held_by(roots);
  std::vector<uint64_t> pairs;
  for (const IdentAppend::Added& a : plan.added)
    pairs.push_back(uint64_t(1) << out.root_of[a.pos] | uint64_t(1) << out.root_of[a.prev_pos]);
  find_candidates(run, held, pairs, out);
  // Every record read once: a candidate's presence at each root holding it.
  std::vector<uint64_t> is_cand((run.names_count() + 63) / 64, 0);
  for (auto [id, i] : out.cand) is_cand[id >> 6] |= uint64_t(1) << (id & 63);
  const size_t n = roots.size();
  out.cells.assign(out.cand.size() * n, {});
  auto cells_of = [&](uint32_t id) -> AppendedPresence::Cell* {
    if (id >= is_cand.size() * 64 || !(is_cand[id >> 6] >> (id & 63) & 1)) return nullptr;
    return &out.cells[out.cand.at(id) * n];
  };
  run.visit_records(held, [](uint64_t h) { return h != 0; }, [&](uint64_t h, const IdentRecord& r) {
    for (uint32_t id : r.words)
      if (AppendedPresence::Cell* c = cells_of(id))
        for (uint64_t m = h; m; m &= m - 1) c[__builtin_ctzll(m)].mentioned = true;
    for (const IdentDef& d : r.defs)
      if (AppendedPresence::Cell* c = cells_of(d.id))
        for (uint64_t m = h; m; m &= m - 1) {
          c[__builtin_ctzll(m)].defined = true;
          c[__builtin_ctzll(m)].kinds |= uint16_t(1u << static_cast<unsigned>(d.kind));
        }
  });
  for (auto [id, i] : out.cand)
    for (const IdentAppend::Added& a : plan.added) {
      const AppendedPresence::Cell &x = out.at(a.pos, id), &y = out.at(a.prev_pos, id);
      if (x.mentioned != y.mentioned || x.defined != y.defined || x.kinds != y.kinds) {
        out.changed.push_back(id);
        break;
      }
    }
  std::sort(out.changed.begin(), out.changed.end());
  report.presence_seconds = since(t1);
  report.names = run.names_count();
  report.tags_appended = plan.added.size();
  return out;
}

void save_appended(Store& store, const IdentAppend& plan, const IdentLayout& layout, const AppendedPresence& read,
                   IdentReport& report) {
  Stmt get = store.prepare("SELECT mentioned, defined, kinds, series FROM ident_answers WHERE ident_id = ?");
  Stmt put = store.prepare(
      "INSERT OR REPLACE INTO ident_answers(ident_id, mentioned, defined, kinds, series) VALUES (?, ?, ?, ?, ?)");
  for (uint32_t id : read.changed) {
    IdentRow stored;
    if (get.bind(1, int64_t(id)).step())
      stored = {std::string(get.blob(0)), std::string(get.blob(1)), std::string(get.blob(3)),
                static_cast<uint32_t>(get.i64(2))};
    get.reset();
    IdentRow r = appended_row(stored, id, plan, layout, read);
    if (r == stored) continue;
    put.bind(1, int64_t(id)).bind_blob(2, r.mentioned).bind_blob(3, r.defined).bind(4, int64_t(r.kinds))
        .bind_blob(5, r.series).run();
    report.answers_written++;
  }
}

}  // namespace ksince
