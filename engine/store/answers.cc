#include "store/answers.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "store/feature_version.h"
#include "store/series_answers.h"

namespace ksince {

void save_tag_answers(Store& store, const TagAnswers& a) {
  const PatternSet& ps = *a.patterns;
  Store::Transaction t(store);
  // A commit answers "present here, absent at every parent" for one set of
  // files and the commits the two tags named: when either changed, keeping it
  // would claim what nobody checked.
  std::string files = nlohmann::json(ps.files).dump();
  bool files_changed = store.meta("files").value_or(files) != files;
  std::vector<std::string> moved;  // tags that now name another commit or tree
  Stmt old_tag = store.prepare("SELECT commit_oid, tree_oid FROM tags WHERE name = ?");
  for (const TagInfo& ti : a.tags) {
    old_tag.bind(1, ti.name);
    if (old_tag.step()) {
      Oid old_commit = old_tag.is_null(0) ? Oid() : Oid::from_raw(old_tag.blob(0).data());
      if (old_commit != ti.commit || Oid::from_raw(old_tag.blob(1).data()) != ti.tree) moved.push_back(ti.name);
    }
    old_tag.reset();
  }
  store.set_meta("repo", a.git_dir);
  // Absolute, so that `status` finds it from any folder.
  store.set_meta("patterns_file", std::filesystem::absolute(ps.path).lexically_normal().string());
  store.set_meta("patterns_digest", ps.digest);
  store.set_meta("files", files);
  store.set_meta("tag_regexes", nlohmann::json(ps.tags).dump());  // for check: which versions can exist

  store.exec("UPDATE tags SET position = NULL");
  Stmt tag = store.prepare(
      "INSERT INTO tags(name, commit_oid, tree_oid, date, annotated, position) VALUES(?,?,?,?,?,?) "
      "ON CONFLICT(name) DO UPDATE SET commit_oid = excluded.commit_oid, tree_oid = excluded.tree_oid, "
      "date = excluded.date, annotated = excluded.annotated, position = excluded.position, series = NULL, "
      "point = NULL, revision = '', series_position = NULL RETURNING id");
  Stmt clear = store.prepare("DELETE FROM presence WHERE tag_id = ?");
  Stmt pres = store.prepare("INSERT INTO presence(tag_id, matcher_id) VALUES(?, ?)");
  std::vector<std::string> names;
  for (size_t i = 0; i < a.tags.size(); i++) {
    const TagInfo& ti = a.tags[i];
    names.push_back(ti.name);
    tag.bind(1, ti.name);
    if (ti.commit.is_zero()) tag.bind_null(2);
    else tag.bind_blob(2, ti.commit.raw());
    tag.bind_blob(3, ti.tree.raw()).bind(4, ti.date).bind(5, int64_t(ti.annotated)).bind(6, int64_t(i));
    tag.step();
    int64_t id = tag.i64(0);
    tag.reset();
    clear.bind(1, id).run();
    for (uint32_t m = 0; m < a.matcher_ids.size(); m++)
      if (a.present[i][m]) pres.bind(1, id).bind(2, a.matcher_ids[m]).run();
  }
  // The points: presence rows as a release's; their answers are read per
  // series (store/series_answers.h).
  std::vector<int64_t> point_ids = save_series_points(store, a.series);
  store.set_meta("series_unplaced", nlohmann::json(a.unplaced).dump());
  for (size_t k = 0; k < point_ids.size(); k++) {
    clear.bind(1, point_ids[k]).run();
    for (uint32_t m = 0; m < a.matcher_ids.size(); m++)
      if (a.present[a.tags.size() + k][m]) pres.bind(1, point_ids[k]).bind(2, a.matcher_ids[m]).run();
  }

  store.exec("UPDATE patterns SET active = 0");
  store.exec("DELETE FROM pattern_repeats");
  Stmt repeat = store.prepare("INSERT INTO pattern_repeats(pattern_id, position) VALUES(?, ?)");
  Stmt pat = store.prepare(
      "INSERT INTO patterns(group_name, name, matcher_id, group_position, position, active, kind) "
      "VALUES(?,?,?,?,?,1,?) ON CONFLICT(group_name, name, matcher_id) DO UPDATE SET "
      "group_position = excluded.group_position, position = excluded.position, active = 1, "
      "kind = excluded.kind RETURNING id");
  // SET sees the row as it was before the update.
#define SAME "version = excluded.version AND prev = excluded.prev"
  Stmt feat = store.prepare(
      "INSERT INTO features(pattern_id, version, prev) VALUES(?,?,?) ON CONFLICT(pattern_id) DO UPDATE "
      "SET commit_oid = iif(" SAME ", commit_oid, ''), commit_exact = iif(" SAME ", commit_exact, 0), "
      "commit_searched = iif(" SAME ", commit_searched, 0), version = excluded.version, prev = excluded.prev");
#undef SAME
  std::unordered_map<std::string, int64_t> group_pos;
  store.exec("DELETE FROM pattern_groups");
  Stmt group = store.prepare("INSERT INTO pattern_groups(position, name) VALUES(?, ?)");
  for (size_t g = 0; g < ps.groups.size(); g++) {
    group_pos.emplace(ps.groups[g], g);
    group.bind(1, int64_t(g)).bind(2, ps.groups[g]).run();
  }
  std::vector<uint8_t> column(a.tags.size());
  for (size_t i = 0; i < ps.patterns.size(); i++) {
    const Pattern& p = ps.patterns[i];
    uint32_t m = a.pattern_matcher[i];
    pat.bind(1, p.group).bind(2, p.name).bind(3, a.matcher_ids[m]).bind(4, group_pos[p.group]);
    pat.bind(5, int64_t(p.position)).bind(6, p.kind);
    pat.step();
    int64_t id = pat.i64(0);
    pat.reset();
    for (int r : p.repeats) repeat.bind(1, id).bind(2, int64_t(r)).run();
    for (size_t t = 0; t < a.tags.size(); t++) column[t] = a.present[t][m];
    VersionAnswer v = version_of(names, column);
    feat.bind(1, id).bind(2, v.version).bind(3, v.prev).run();
  }
#define FORGET "UPDATE features SET commit_oid = '', commit_exact = 0, commit_searched = 0"
  if (files_changed) store.exec(FORGET);
  Stmt forget = store.prepare(FORGET " WHERE version = ?1 OR prev = ?1");
#undef FORGET
  for (const std::string& name : moved) forget.bind(1, name).run();

  store.set_meta("last_run_key", a.run_key);
  t.commit();
}

void record_run(Store& store, int64_t started, double seconds, size_t tags, size_t patterns, size_t blobs,
                size_t blobs_scanned, uint64_t bytes_scanned) {
  Stmt run = store.prepare(
      "INSERT INTO runs(started, seconds, tags, patterns, blobs_seen, blobs_new, bytes_new) "
      "VALUES(?,?,?,?,?,?,?)");
  run.bind(1, started).bind(2, seconds).bind(3, int64_t(tags)).bind(4, int64_t(patterns))
      .bind(5, int64_t(blobs)).bind(6, int64_t(blobs_scanned)).bind(7, int64_t(bytes_scanned)).run();
}

void adopt_fact_answers(Store& store) {
  Store::Transaction t(store);
  // The fact's answer, or none when the name is not defined as that kind.
  store.exec(
      "UPDATE features SET version = coalesce(fa.version, ''), prev = coalesce(fa.prev, ''), "
      "commit_oid = coalesce(fa.commit_oid, ''), commit_exact = coalesce(fa.commit_exact, 0), "
      "commit_searched = 1 "
      "FROM patterns p LEFT JOIN derived_facts d ON d.kind = p.kind AND d.key = p.name "
      "LEFT JOIN fact_answers fa ON fa.fact_id = d.id "
      "WHERE features.pattern_id = p.id AND p.kind <> ''");
  t.commit();
}

PendingCommits pending_commits(Store& store) {
  PendingCommits p;
  for (Stmt s = store.prepare(
           "SELECT f.pattern_id, p.matcher_id, tv.commit_oid, tp.commit_oid FROM features f "
           "JOIN patterns p ON p.id = f.pattern_id JOIN tags tv ON tv.name = f.version "
           "JOIN tags tp ON tp.name = f.prev "
           "WHERE p.active = 1 AND f.version <> '' AND f.prev <> '' AND f.commit_searched = 0");
       s.step();) {
    if (s.is_null(2) || s.is_null(3)) {
      p.unanswerable.push_back(s.i64(0));
      continue;
    }
    p.pattern_ids.push_back(s.i64(0));
    p.matcher_ids.push_back(s.i64(1));
    p.questions.push_back({0, Oid::from_raw(s.blob(2).data()), Oid::from_raw(s.blob(3).data())});
  }
  return p;
}

void save_commit_summary(Store& store, History& history, const Oid& commit) {
  Stmt info = store.prepare("INSERT OR IGNORE INTO commits(oid, subject, author, date) VALUES(?,?,?,?)");
  History::Summary sum = history.summary(commit);
  info.bind(1, commit.hex()).bind(2, sum.subject).bind(3, sum.author).bind(4, sum.date).run();
}

CommitTally save_commit_answers(Store& store, History& history, const std::string& update,
                                const std::vector<int64_t>& ids, const std::vector<CommitAnswer>& answers,
                                const std::vector<int64_t>& unanswerable) {
  CommitTally tally;
  Store::Transaction tx(store);
  Stmt set = store.prepare(update);
  for (size_t i = 0; i < answers.size(); i++) {
    if (answers[i].cut) {
      tally.cut.push_back(i);
      continue;
    }
    std::string hex = answers[i].commit.is_zero() ? "" : answers[i].commit.hex();
    set.bind(1, hex).bind(2, int64_t(answers[i].exact)).bind(3, ids[i]).run();
    if (!hex.empty()) {
      tally.found++;
      save_commit_summary(store, history, answers[i].commit);
    }
  }
  for (int64_t id : unanswerable) set.bind(1, "").bind(2, int64_t(0)).bind(3, id).run();
  tx.commit();
  return tally;
}

}  // namespace ksince
