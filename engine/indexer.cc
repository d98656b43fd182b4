#include "indexer.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "bisect.h"
#include "blob_cache.h"
#include "commit_presence.h"
#include "history.h"
#include "blob_scan.h"
#include "pattern_set.h"
#include "repo.h"
#include "store.h"
#include "tree_graph.h"

namespace ksince {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// FNV-1a: a stable fingerprint of a run's inputs (std::hash is not stable).
struct Fingerprint {
  uint64_t h = 1469598103934665603ULL;
  Fingerprint& add(std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;  // separator
    return *this;
  }
  std::string hex() const { return cat(std::hex, h); }
};

// A database belongs to the repository whose tags it recorded: a moved clone
// is fine, a different project is not.
void check_same_repo(Store& store, const Repo& repo, const std::vector<TagInfo>& all) {
  std::unordered_map<std::string, Oid> trees;
  for (const TagInfo& t : all) trees.emplace(t.name, t.tree);
  size_t stored = 0, same = 0;
  std::string example;
  for (Stmt s = store.prepare("SELECT name, tree_oid FROM tags ORDER BY position"); s.step();) {
    stored++;
    auto it = trees.find(s.text(0));
    if (it != trees.end() && it->second == Oid::from_raw(s.blob(1).data())) same++;
    if (example.empty()) example = s.text(0);
  }
  if (stored == 0 || same > 0) return;
  throw Error(cat(store.path(), ": this database indexes another repository (",
                  store.meta("repo").value_or("?"), "): none of its ", stored, " tags (e.g. ", example,
                  ") is in ", repo.git_dir(), ". Use another --db for this repository."));
}

// The SPEC's version: walking newest to oldest, the last tag of the unbroken
// run where the feature is present; prev is the tag after it.
struct Answer {
  std::string version, prev;
};
Answer version_of(const std::vector<TagInfo>& tags, const std::vector<std::vector<uint8_t>>& present,
                  uint32_t matcher) {
  Answer a;
  for (size_t t = 0; t < tags.size(); t++) {
    if (!present[t][matcher]) {
      if (!a.version.empty()) a.prev = tags[t].name;
      break;
    }
    a.version = tags[t].name;
  }
  return a;
}

void save_results(Store& store, const std::string& git_dir, const PatternSet& ps,
                  const std::vector<uint32_t>& pattern_matcher, const std::vector<int64_t>& matcher_ids,
                  const std::vector<TagInfo>& tags, const std::vector<std::vector<uint8_t>>& present,
                  const std::string& run_key, const IndexReport& report, int64_t started) {
  Store::Transaction t(store);
  store.set_meta("repo", git_dir);
  store.set_meta("patterns_file", ps.path);
  store.set_meta("files", nlohmann::json(ps.files).dump());

  store.exec("UPDATE tags SET position = NULL");
  Stmt tag = store.prepare(
      "INSERT INTO tags(name, commit_oid, tree_oid, date, annotated, position) VALUES(?,?,?,?,?,?) "
      "ON CONFLICT(name) DO UPDATE SET commit_oid = excluded.commit_oid, tree_oid = excluded.tree_oid, "
      "date = excluded.date, annotated = excluded.annotated, position = excluded.position RETURNING id");
  Stmt clear = store.prepare("DELETE FROM presence WHERE tag_id = ?");
  Stmt pres = store.prepare("INSERT INTO presence(tag_id, matcher_id) VALUES(?, ?)");
  for (size_t i = 0; i < tags.size(); i++) {
    const TagInfo& ti = tags[i];
    tag.bind(1, ti.name);
    if (ti.commit.is_zero()) tag.bind_null(2); else tag.bind_blob(2, ti.commit.raw());
    tag.bind_blob(3, ti.tree.raw()).bind(4, ti.date).bind(5, int64_t(ti.annotated ? 1 : 0)).bind(6, int64_t(i));
    tag.step();
    int64_t id = tag.i64(0);
    tag.reset();
    clear.bind(1, id).run();
    for (uint32_t m = 0; m < matcher_ids.size(); m++)
      if (present[i][m]) pres.bind(1, id).bind(2, matcher_ids[m]).run();
  }

  store.exec("UPDATE patterns SET active = 0");
  Stmt pat = store.prepare(
      "INSERT INTO patterns(group_name, name, matcher_id, group_position, position, active) "
      "VALUES(?,?,?,?,?,1) ON CONFLICT(group_name, name, matcher_id) DO UPDATE SET "
      "group_position = excluded.group_position, position = excluded.position, active = 1 RETURNING id");
  // A commit found earlier stays valid while version and prev do. (SET sees
  // the row as it was before the update.)
#define SAME "version = excluded.version AND prev = excluded.prev"
  Stmt feat = store.prepare(
      "INSERT INTO features(pattern_id, version, prev) VALUES(?,?,?) ON CONFLICT(pattern_id) DO UPDATE "
      "SET commit_oid = iif(" SAME ", commit_oid, ''), commit_exact = iif(" SAME ", commit_exact, 0), "
      "commit_searched = iif(" SAME ", commit_searched, 0), version = excluded.version, prev = excluded.prev");
#undef SAME
  std::unordered_map<std::string, int64_t> group_pos;
  for (size_t g = 0; g < ps.groups.size(); g++) group_pos.emplace(ps.groups[g], g);
  for (size_t i = 0; i < ps.patterns.size(); i++) {
    const Pattern& p = ps.patterns[i];
    uint32_t m = pattern_matcher[i];
    pat.bind(1, p.group).bind(2, p.name).bind(3, matcher_ids[m]).bind(4, group_pos[p.group]).bind(5, int64_t(i));
    pat.step();
    int64_t id = pat.i64(0);
    pat.reset();
    Answer a = version_of(tags, present, m);
    feat.bind(1, id).bind(2, a.version).bind(3, a.prev).run();
  }

  Stmt run = store.prepare(
      "INSERT INTO runs(started, seconds, tags, patterns, blobs_seen, blobs_new, bytes_new) "
      "VALUES(?,?,?,?,?,?,?)");
  run.bind(1, started).bind(2, report.seconds).bind(3, int64_t(tags.size())).bind(4, int64_t(ps.patterns.size()))
      .bind(5, int64_t(report.blobs)).bind(6, int64_t(report.blobs_scanned))
      .bind(7, int64_t(report.bytes_scanned)).run();
  store.set_meta("last_run_key", run_key);
  t.commit();
}

// Step 6: the introducing commit of every feature that has a version and a
// prev but has not been searched yet.
void find_commits(Store& store, const Repo& repo, TreeGraph& graph, BlobCache& cache, const Matcher& matcher,
                  const std::vector<MatchSpec>& specs, unsigned jobs, Progress& progress, IndexReport& report) {
  std::unordered_map<int64_t, uint32_t> local;
  for (uint32_t i = 0; i < cache.matcher_ids().size(); i++) local.emplace(cache.matcher_ids()[i], i);
  std::vector<int64_t> pattern_ids, unanswerable;
  std::vector<CommitQuestion> questions;
  for (Stmt s = store.prepare(
           "SELECT f.pattern_id, p.matcher_id, tv.commit_oid, tp.commit_oid FROM features f "
           "JOIN patterns p ON p.id = f.pattern_id JOIN tags tv ON tv.name = f.version "
           "JOIN tags tp ON tp.name = f.prev "
           "WHERE p.active = 1 AND f.version <> '' AND f.prev <> '' AND f.commit_searched = 0");
       s.step();) {
    auto m = local.find(s.i64(1));
    if (m == local.end()) continue;
    if (s.is_null(2) || s.is_null(3)) {  // a tag of a tree: no history to search
      unanswerable.push_back(s.i64(0));
      continue;
    }
    pattern_ids.push_back(s.i64(0));
    questions.push_back({m->second, Oid::from_raw(s.blob(2).data()), Oid::from_raw(s.blob(3).data())});
  }
  if (questions.empty() && unanswerable.empty()) return;

  auto t = Clock::now();
  History history(repo);
  CommitPresence presence(history, graph, cache, {matcher, specs, repo.git_dir(), jobs});
  std::vector<CommitAnswer> answers =
      find_introducing_commits(history, presence, questions, [&](size_t round, size_t open) {
        progress.update(cat("finding commits: round ", round, ", ", open, " searches open, ",
                            presence.commits_checked(), " commits checked"), true);
      });

  Store::Transaction tx(store);
  Stmt set = store.prepare(
      "UPDATE features SET commit_oid = ?, commit_exact = ?, commit_searched = 1 WHERE pattern_id = ?");
  Stmt info = store.prepare("INSERT OR IGNORE INTO commits(oid, subject, author, date) VALUES(?,?,?,?)");
  for (size_t i = 0; i < answers.size(); i++) {
    std::string hex = answers[i].commit.is_zero() ? "" : answers[i].commit.hex();
    set.bind(1, hex).bind(2, int64_t(answers[i].exact)).bind(3, pattern_ids[i]).run();
    if (!hex.empty()) {
      History::Summary sum = history.summary(answers[i].commit);
      info.bind(1, hex).bind(2, sum.subject).bind(3, sum.author).bind(4, sum.date).run();
    }
  }
  for (int64_t id : unanswerable) set.bind(1, "").bind(2, int64_t(0)).bind(3, id).run();
  tx.commit();
  report.commits_found = answers.size();
  report.commits_checked = presence.commits_checked();
  report.commit_seconds = since(t);
}

}  // namespace

IndexReport run_index(const IndexOptions& o, Progress& progress) {
  auto t0 = Clock::now();
  int64_t started = std::time(nullptr);
  IndexReport report;

  // 1. Everything that can be wrong with the inputs fails here, before the
  //    database is opened.
  PatternSet ps = load_pattern_set(o.patterns);
  std::vector<MatchSpec> specs;
  std::vector<uint32_t> pattern_matcher;
  std::unordered_map<std::string, uint32_t> by_key;
  for (const Pattern& p : ps.patterns) {
    auto [it, fresh] = by_key.emplace(p.match.key(), static_cast<uint32_t>(specs.size()));
    if (fresh) specs.push_back(p.match);
    pattern_matcher.push_back(it->second);
  }
  Matcher matcher(specs);
  Repo repo(o.repo);
  std::vector<TagInfo> all_tags = repo.tags();
  std::vector<TagInfo> tags = select_tags(all_tags, ps.tags, o.order);
  if (tags.empty()) {
    std::string list;
    for (const auto& r : ps.tags) list += (list.empty() ? "" : ", ") + r;
    throw Error(cat(repo.git_dir(), ": none of its ", all_tags.size(), " tags matches the tag regexes of ",
                    o.patterns, " (", list, "); fetch the tags (git fetch --tags) or fix 'tags:'"));
  }
  report.tags = tags.size();
  report.patterns = ps.patterns.size();
  unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());

  Fingerprint fp;
  fp.add(o.order == TagOrder::Date ? "date" : "version");
  for (const auto& f : ps.files) fp.add(f);
  for (const auto& g : ps.groups) fp.add(g);
  for (const auto& p : ps.patterns) fp.add(p.group).add(p.name).add(p.match.key());
  for (const auto& t : tags) fp.add(t.name).add(t.tree.raw());
  std::string run_key = fp.hex();

  // 2. The database: ours, and for this repository.
  Store store(o.db, Store::Mode::Create);
  check_same_repo(store, repo, all_tags);
  BlobCache cache(store, specs);
  Pathspec spec(ps.files);
  TreeGraph graph(repo, spec);

  if (store.meta("last_run_key") == run_key) {
    report.up_to_date = true;  // versions stand; commits may still be pending
  } else {
    // 3. Walk every selected tag's tree once into one graph.
    auto t_walk = Clock::now();
    std::vector<uint32_t> roots;
    for (size_t i = 0; i < tags.size(); i++) {
      progress.update(cat("walking trees: tag ", i + 1, "/", tags.size(), " (", tags[i].name, ")"));
      roots.push_back(graph.add_root(tags[i].tree));
    }
    report.blobs = graph.blob_count();
    report.trees_read = graph.trees_read();
    report.walk_seconds = since(t_walk);

    // 4. Scan what the cache lacks, each blob once, storing as we go.
    auto t_scan = Clock::now();
    cache.load(graph);
    cache.scan(graph, matcher, specs, repo.git_dir(), jobs, [&](size_t blobs, uint64_t bytes) {
      report.blobs_scanned = blobs;
      report.bytes_scanned = bytes;
      double s = since(t_scan);
      progress.update(cat("scanning blobs: ", blobs, " scanned, ", bytes >> 20, " MB, ",
                          s > 0 ? static_cast<uint64_t>(bytes / s) >> 20 : 0, " MB/s"));
    });
    report.scan_seconds = since(t_scan);

    // 5. Presence at every tag, from the hits, and the versions.
    auto t_save = Clock::now();
    progress.update("computing presence", true);
    TreePresence tp(graph, specs.size(), cache.hits());
    std::vector<std::vector<uint8_t>> present(tags.size(), std::vector<uint8_t>(specs.size(), 0));
    for (size_t t = 0; t < tags.size(); t++)
      for (uint32_t m = 0; m < specs.size(); m++) present[t][m] = tp.test(roots[t], m);
    report.seconds = since(t0);
    save_results(store, repo.git_dir(), ps, pattern_matcher, cache.matcher_ids(), tags, present, run_key,
                 report, started);
    report.save_seconds = since(t_save);
  }

  // 6. Introducing commits, for what is new.
  find_commits(store, repo, graph, cache, matcher, specs, jobs, progress, report);
  progress.done();
  report.seconds = since(t0);
  return report;
}

}  // namespace ksince
