#include "idents/ident_index.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "idents/ident_append.h"
#include "idents/ident_presence.h"
#include "idents/ident_reader.h"
#include "idents/ident_rows.h"
#include "idents/ident_run.h"
#include "idents/ident_tags.h"
#include "store/series_answers.h"
#include "util/error.h"
#include "util/release_memory.h"

namespace ksince {

namespace {

using Clock = std::chrono::steady_clock;

// Writes the answers that differ from the stored ones, and deletes the rows
// of identifiers no selected tag has: what is stored after it is what a fresh
// index writes. The stored rows themselves are the "before", not a replay of
// the last run from the tags' names, which a moved tag or a new reader would
// make look unchanged.
void save_changed_answers(Store& store, const IdentTagSets& cur, const IdentLayout& layout, IdentReport& report) {
  std::vector<uint32_t> put_ids, gone_ids;
  auto empty = [&](uint32_t id) { return !cur.any(id); };
  uint32_t next = 0;
  for (Stmt s = store.prepare("SELECT ident_id, mentioned, defined, kinds, series FROM ident_answers ORDER BY ident_id");
       s.step();) {
    const int64_t row = s.i64(0);
    for (; next < cur.ids() && next < row; next++)
      if (!empty(next)) put_ids.push_back(next);
    const uint32_t id = static_cast<uint32_t>(row);
    if (row < 0 || row >= cur.ids() || empty(id)) {
      gone_ids.push_back(id);
    } else {
      IdentRow r = row_of(cur, layout, id);
      if (s.blob(1) != r.mentioned || s.blob(2) != r.defined || s.i64(3) != r.kinds || s.blob(4) != r.series)
        put_ids.push_back(id);
    }
    next = static_cast<uint32_t>(std::max<int64_t>(next, row + 1));
  }
  for (; next < cur.ids(); next++)
    if (!empty(next)) put_ids.push_back(next);
  Stmt put = store.prepare(
      "INSERT OR REPLACE INTO ident_answers(ident_id, mentioned, defined, kinds, series) VALUES (?, ?, ?, ?, ?)");
  for (uint32_t id : put_ids) {
    IdentRow r = row_of(cur, layout, id);
    put.bind(1, int64_t(id)).bind_blob(2, r.mentioned).bind_blob(3, r.defined).bind(4, int64_t(r.kinds))
        .bind_blob(5, r.series).run();
  }
  Stmt gone = store.prepare("DELETE FROM ident_answers WHERE ident_id = ?");
  for (uint32_t id : gone_ids) gone.bind(1, int64_t(id)).run();
  report.answers_written = put_ids.size() + gone_ids.size();
}

// The key of everything the answers depend on: the tags' trees (and
// commits, which stored commit searches depend on), the points' places, the
// scope, the reader.
std::string ident_key(const std::vector<TagInfo>& tags, const std::vector<Series>& series,
                      const std::vector<std::string>& files, bool shapes) {
  nlohmann::json key = nlohmann::json::array();
  for (auto it = tags.rbegin(); it != tags.rend(); ++it)  // oldest first
    key.push_back({it->name, it->tree.hex(), it->commit.hex()});
  for (const Series& s : series)  // none: the key an index had before series
    for (const SeriesPoint& p : s.points)
      key.push_back({p.tag.name, p.tag.tree.hex(), p.tag.commit.hex(), s.name, point_label(s.name, p.place)});
  key.push_back(files);
  key.push_back(kIdentReaderVersion);
  if (shapes) key.push_back("shapes");  // absent: the key of an index from before shapes, and of --no-shapes
  return key.dump();
}

// Every tag's presence, from every record of their trees.
IdentTagSets read_all(IdentRun& run, const std::vector<const TagInfo*>& by_pos, Progress& progress,
                      IdentReport& report, std::vector<uint32_t>& roots) {
  auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
  for (const TagInfo* t : by_pos) roots.push_back(run.add_tag(*t));
  auto t_read = Clock::now();
  run.collect(false);
  run.read_new();
  report.read_seconds = since(t_read);
  auto t_presence = Clock::now();
  progress.update("identifiers: presence at every tag", true);
  IdentTagSets cur = run.presence(roots);
  release_free_memory();
  report.presence_seconds = since(t_presence);
  return cur;
}

}  // namespace

IdentReport index_identifiers(Store& store, const Repo& repo, const std::vector<TagInfo>& tags,
                              const std::vector<Series>& series, const std::vector<std::string>& files, bool shapes,
                              unsigned jobs, Progress& progress) {
  auto t0 = Clock::now();
  IdentReport report;
  const std::string key = ident_key(tags, series, files, shapes);
  if (store.meta("ident_key") == key) {
    report.names = std::stoul(store.meta("ident_next_id").value_or("0"));
    return report;
  }

  // The run's tags in layout order, each point with its label.
  IdentLayout layout;
  std::vector<const TagInfo*> by_pos;
  std::vector<std::string> labels;
  std::vector<int64_t> series_ids = ident_series_ids(store, series);
  for (size_t i = 0; i < series.size(); i++) {
    layout.series.push_back({series_ids[i], by_pos.size(), series[i].points.size()});
    for (const SeriesPoint& p : series[i].points) {
      by_pos.push_back(&p.tag);
      labels.push_back(point_label(series[i].name, p.place));
    }
  }
  layout.releases_first = by_pos.size();
  layout.releases = tags.size();
  for (auto it = tags.rbegin(); it != tags.rend(); ++it) by_pos.push_back(&*it), labels.emplace_back();

  IdentRun run(store, repo, files, shapes, jobs, progress, report);
  progress.update("identifiers: walking trees", true);
  // An append step adds the new tags' shape paths to those of the stored
  // tags, which a run without shapes did not record.
  std::optional<IdentAppend> append;
  if (store.meta("ident_shapes").value_or("0") == (shapes ? "1" : "0"))
    append = plan_ident_append(store, layout, by_pos, labels, files);
  std::vector<uint32_t> roots;
  std::optional<AppendedPresence> appended;
  std::optional<IdentTagSets> cur;
  if (append) {
    appended = read_appended(run, *append, by_pos, report);
  } else {
    cur = read_all(run, by_pos, progress, report, roots);
  }

  auto t_save = Clock::now();
  progress.update("identifiers: saving the answers", true);
  Store::Transaction tx(store);
  if (append) {
    save_appended(store, *append, layout, *appended, report);
    run.save_shape_paths(appended->added_roots, appended->before_roots);
  } else {
    save_changed_answers(store, *cur, layout, report);
    report.names = cur->ids();
    run.save_shape_paths(roots, {});
  }
  store.set_meta("ident_shapes", shapes ? "1" : "0");
  write_ident_tags(store, tags, series, series_ids);
  store.set_meta("ident_scope", nlohmann::json(files).dump());
  store.exec("DELETE FROM meta WHERE key = 'ident_answered'");  // kept by indexes before the rows were compared
  store.set_meta("ident_key", key);
  tx.commit();
  report.save_seconds = std::chrono::duration<double>(Clock::now() - t_save).count();
  report.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return report;
}

}  // namespace ksince
