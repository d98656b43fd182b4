#include "series/backports.h"

#include "commits/upstream.h"
#include "repo/git_handle.h"
#include "util/error.h"

namespace ksince {

namespace {

Oid tag_commit(Store& store, const std::string& name) {
  Stmt q = store.prepare("SELECT commit_oid FROM tags WHERE name = ?");
  q.bind(1, name);
  if (!q.step() || q.is_null(0)) return Oid();
  return Oid::from_raw(q.blob(0).data());
}

// The tag named by a label of the series' answer: a point's, or the base.
std::string tag_of(const StoredSeries& s, const std::string& label) {
  if (label == s.base) return s.base;
  for (const StoredPoint& p : s.points)
    if (p.label == label) return p.tag;
  throw Error(cat("internal: ", label, " is no point of series ", s.name));
}

struct Asked {
  std::string version, prev, range;
  Oid version_commit, prev_commit;
};

// What the search asks for one series answer that came in at a point.
Asked asked(Store& store, const StoredSeries& s, const SeriesAnswer& a, const std::string& salt) {
  Asked q{a.version, a.prev, "", tag_commit(store, tag_of(s, a.version)), tag_commit(store, tag_of(s, a.prev))};
  q.range = q.version_commit.hex() + ".." + q.prev_commit.hex() + (salt.empty() ? "" : "/" + salt);
  return q;
}

std::string message_of(const Repo& repo, const Oid& commit) {
  git_commit* c = nullptr;
  git_oid g = commit.to_git();
  git_check(git_commit_lookup(&c, repo.raw(), &g), cat("reading commit ", commit.hex()));
  GitCommit keep(c);
  const char* m = git_commit_message(c);
  return m ? m : "";
}

}  // namespace

std::string pattern_subject(const std::string& group, const std::string& name) {
  return "pattern " + group + " " + name;
}

void add_backport_questions(Store& store, const std::string& subject, const std::vector<StoredSeries>& series,
                            const std::vector<SeriesAnswer>& answers, uint32_t feature, const std::string& salt,
                            BackportQuestions& out) {
  Stmt old = store.prepare("SELECT version, prev, range, searched FROM series_commits WHERE subject = ? AND series = ?");
  Stmt put = store.prepare(
      "INSERT INTO series_commits(subject, series, version, prev, range) VALUES(?,?,?,?,?) ON CONFLICT(subject, "
      "series) DO UPDATE SET version = excluded.version, prev = excluded.prev, range = excluded.range, commit_oid = '', "
      "exact = 0, searched = 0, upstream = '', upstream_release = '' RETURNING id");
  for (size_t i = 0; i < series.size(); i++) {
    if (answers[i].since != "point") continue;
    Asked q = asked(store, series[i], answers[i], salt);
    old.bind(1, subject).bind(2, series[i].name);
    bool stands = old.step() && old.text(0) == q.version && old.text(1) == q.prev && old.text(2) == q.range &&
                  old.i64(3) != 0;
    old.reset();
    if (stands) continue;
    put.bind(1, subject).bind(2, series[i].name).bind(3, q.version).bind(4, q.prev).bind(5, q.range);
    if (!put.step()) throw Error(cat("internal: no series_commits row for ", subject));
    int64_t row = put.i64(0);
    put.reset();
    if (q.version_commit.is_zero() || q.prev_commit.is_zero()) {
      out.unanswerable.push_back(row);
      continue;
    }
    out.rows.push_back(row);
    out.questions.push_back({feature, q.version_commit, q.prev_commit});
  }
}

void save_backport_upstreams(Store& store, const Repo& repo, const std::vector<TagInfo>& releases,
                             const std::vector<int64_t>& rows) {
  Store::Transaction tx(store);
  Stmt get = store.prepare("SELECT commit_oid FROM series_commits WHERE id = ? AND commit_oid <> '' AND upstream = ''");
  Stmt set = store.prepare("UPDATE series_commits SET upstream = ?, upstream_release = ? WHERE id = ?");
  for (int64_t row : rows) {
    get.bind(1, row);
    std::optional<Oid> commit = get.step() ? Oid::from_hex(get.text(0)) : std::nullopt;
    get.reset();
    if (!commit) continue;
    std::string cited = cited_upstream(message_of(repo, *commit));
    if (cited.empty()) continue;
    set.bind(1, cited).bind(2, oldest_release_containing(repo, releases, resolve_commit(repo, cited))).bind(3, row).run();
  }
  tx.commit();
}

std::vector<SeriesCommit> backports_of(Store& store, const std::string& subject, const std::vector<StoredSeries>& series,
                                       const std::vector<SeriesAnswer>& answers, const std::string& salt) {
  std::vector<SeriesCommit> out;
  if (store.schema_version() < 12) return out;
  Stmt q = store.prepare(
      "SELECT version, prev, commit_oid, exact, searched, upstream, upstream_release, range FROM series_commits "
      "WHERE subject = ? AND series = ?");
  for (size_t i = 0; i < series.size(); i++) {
    if (answers[i].since != "point") continue;
    q.bind(1, subject).bind(2, series[i].name);
    if (q.step() && q.text(0) == answers[i].version && q.text(1) == answers[i].prev &&
        q.text(7) == asked(store, series[i], answers[i], salt).range)
      out.push_back({series[i].name, q.text(0), q.text(1), q.text(2), q.i64(3) != 0, q.i64(4) != 0, q.text(5), q.text(6)});
    q.reset();
  }
  return out;
}

std::vector<TagInfo> stored_releases(Store& store) {
  std::vector<TagInfo> out;
  for (Stmt s = store.prepare("SELECT name, commit_oid, tree_oid FROM tags WHERE position IS NOT NULL "
                              "ORDER BY position DESC");
       s.step();) {
    TagInfo t;
    t.name = s.text(0);
    if (!s.is_null(1)) t.commit = Oid::from_raw(s.blob(1).data());
    t.tree = Oid::from_raw(s.blob(2).data());
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace ksince
