#include "store/series_answers.h"

#include <algorithm>

#include "repo/version.h"
#include "util/error.h"

namespace ksince {

std::string point_label(const std::string& series, const SeriesPlace& p) {
  return cat(series, ".", p.point, p.revision.empty() ? "" : "-" + p.revision);
}

std::vector<StoredSeries> read_series(Store& store, const std::string& only) {
  std::vector<StoredSeries> out;
  if (store.schema_version() < 12) return out;
  std::string want = only.size() > 2 && only.ends_with(".y") ? only.substr(0, only.size() - 2) : only;
  Stmt points = store.prepare(
      "SELECT id, name, point, revision FROM tags WHERE series = ? AND series_position IS NOT NULL "
      "ORDER BY series_position");
  Stmt base = store.prepare("SELECT id FROM tags WHERE name = ?");
  for (Stmt s = store.prepare("SELECT id, name, base FROM series WHERE active = 1"); s.step();) {
    StoredSeries ss{s.i64(0), s.text(1), s.text(2), 0, {}};
    if (!ss.base.empty() && base.bind(1, ss.base).step()) ss.base_tag_id = base.i64(0);
    base.reset();
    if (!want.empty() && ss.name != want) continue;
    for (points.bind(1, ss.name); points.step();) {
      SeriesPlace place{ss.name, static_cast<uint64_t>(points.i64(2)), points.text(3)};
      ss.points.push_back({points.i64(0), points.text(1), point_label(ss.name, place), place.point, place.revision});
    }
    points.reset();
    out.push_back(std::move(ss));
  }
  std::sort(out.begin(), out.end(),
            [](const StoredSeries& a, const StoredSeries& b) { return git_version_compare(a.name, b.name) < 0; });
  if (!want.empty() && out.empty()) {
    std::string list;
    for (const StoredSeries& s : read_series(store)) list += (list.empty() ? "" : ", ") + s.name;
    throw InputError("series", cat(store.path(), " has no series ", only, " (",
                                   list.empty() ? std::string("it indexes no series") : "it has " + list, ")"));
  }
  return out;
}

SeriesAnswer series_answer(const StoredSeries& s, const std::function<bool(size_t)>& present_at,
                           const std::function<bool()>& base_present) {
  std::vector<std::string> order;
  std::vector<uint8_t> here;
  for (size_t i = 0; i < s.points.size(); i++) {
    order.push_back(s.points[i].label);
    here.push_back(present_at(i));
  }
  if (!s.base.empty()) {
    order.push_back(s.base);
    here.push_back(base_present());
  }
  SeriesAnswer a;
  a.series = s.name;
  a.base = s.base;
  VersionAnswer v = version_of(order, here);
  a.version = v.version;
  a.prev = v.prev;
  if (!a.version.empty())
    a.since = !s.base.empty() && a.version == s.base ? "base" : a.prev.empty() ? "first point" : "point";
  for (size_t i = 0; i < order.size(); i++)
    if (here[i]) a.present.push_back(order[i]);
  a.lifecycle = lifecycle_of(order, here);
  if (!s.points.empty()) a.newest = s.points.front().label;
  return a;
}

std::vector<SeriesAnswer> series_answers(const std::vector<StoredSeries>& all, const std::set<int64_t>& present_tags) {
  std::vector<SeriesAnswer> out;
  for (const StoredSeries& s : all)
    out.push_back(series_answer(
        s, [&](size_t i) { return present_tags.count(s.points[i].tag_id) > 0; },
        [&] { return present_tags.count(s.base_tag_id) > 0; }));
  return out;
}

std::vector<int64_t> save_series_points(Store& store, const std::vector<Series>& series) {
  store.exec("UPDATE series SET active = 0");
  store.exec("UPDATE tags SET series_position = NULL");
  Stmt put = store.prepare(
      "INSERT INTO series(name, base, active) VALUES(?, ?, 1) ON CONFLICT(name) DO UPDATE SET base = excluded.base, "
      "active = 1");
  Stmt tag = store.prepare(
      "INSERT INTO tags(name, commit_oid, tree_oid, date, annotated, position, series, point, revision, "
      "series_position) VALUES(?,?,?,?,?,NULL,?,?,?,?) ON CONFLICT(name) DO UPDATE SET commit_oid = "
      "excluded.commit_oid, tree_oid = excluded.tree_oid, date = excluded.date, annotated = excluded.annotated, "
      "position = NULL, series = excluded.series, point = excluded.point, revision = excluded.revision, "
      "series_position = excluded.series_position RETURNING id");
  std::vector<int64_t> ids;
  for (const Series& s : series) {
    put.bind(1, s.name).bind(2, s.base).run();
    for (size_t i = 0; i < s.points.size(); i++) {
      const SeriesPoint& p = s.points[i];
      tag.bind(1, p.tag.name);
      if (p.tag.commit.is_zero()) tag.bind_null(2);
      else tag.bind_blob(2, p.tag.commit.raw());
      tag.bind_blob(3, p.tag.tree.raw()).bind(4, p.tag.date).bind(5, int64_t(p.tag.annotated)).bind(6, s.name);
      tag.bind(7, int64_t(p.place.point)).bind(8, p.place.revision).bind(9, int64_t(s.points.size() - 1 - i));
      if (!tag.step()) throw Error(cat("internal: tag ", p.tag.name, " was not stored"));
      ids.push_back(tag.i64(0));
      tag.reset();
    }
  }
  return ids;
}

}  // namespace ksince
