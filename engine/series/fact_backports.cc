#include "series/fact_backports.h"

#include <map>
#include <set>
#include <unordered_map>

#include "facts/derived_facts.h"
#include "store/series_answers.h"

namespace ksince {

namespace {

struct Candidate {
  std::string kind, key;
  std::set<int64_t> tags;  // the points and bases that have it
};

// Facts whose presence differs between the points of a series, or between
// its points and its base: only those can have come in at a point. One read
// of each point's and base's rows (the table is keyed by tag first).
std::map<int64_t, Candidate> candidates(Store& store, const std::vector<StoredSeries>& all) {
  std::unordered_map<int64_t, std::set<int64_t>> at;  // fact -> tags
  Stmt rows = store.prepare("SELECT fact_id FROM fact_presence WHERE tag_id = ?");
  auto read = [&](int64_t tag) {
    for (rows.bind(1, tag); rows.step();) at[rows.i64(0)].insert(tag);
    rows.reset();
  };
  for (const StoredSeries& s : all) {
    for (const StoredPoint& p : s.points) read(p.tag_id);
    if (s.base_tag_id) read(s.base_tag_id);
  }
  std::map<int64_t, Candidate> out;
  Stmt name = store.prepare("SELECT kind, key FROM derived_facts WHERE id = ?");
  for (auto& [fact, tags] : at) {
    bool differs = false;
    for (const StoredSeries& s : all) {
      size_t here = 0;
      for (const StoredPoint& p : s.points) here += tags.count(p.tag_id);
      bool base_lacks = s.base_tag_id && !tags.count(s.base_tag_id);
      differs = differs || (here > 0 && (here < s.points.size() || base_lacks));
    }
    if (!differs) continue;
    name.bind(1, fact);
    if (name.step()) out[fact] = {name.text(0), name.text(1), std::move(tags)};
    name.reset();
  }
  return out;
}

}  // namespace

std::string fact_subject(const std::string& kind, const std::string& key) { return "fact " + kind + " " + key; }

CommitSearchReport find_fact_backports(Store& store, const Repo& repo, FactIndex& facts, Progress& progress) {
  if (!facts.enabled()) return {};
  std::vector<StoredSeries> series = read_series(store);
  if (series.empty()) return {};
  BackportQuestions q;
  std::vector<const Candidate*> asked;  // per question: its fact
  std::vector<std::string> subjects;    // per row
  std::map<int64_t, Candidate> all = candidates(store, series);
  const std::string salt = facts.key();  // the extractors join the range: other extractors, other search
  {
    Store::Transaction tx(store);
    for (const auto& [id, c] : all) {
      add_backport_questions(store, fact_subject(c.kind, c.key), series, series_answers(series, c.tags), 0, salt, q);
      asked.resize(q.questions.size(), &c);
      subjects.resize(q.rows.size(), c.kind + " " + c.key);
    }
    tx.commit();
  }
  if (q.rows.empty() && q.unanswerable.empty()) return {};
  for (size_t i = 0; i < q.questions.size(); i++) q.questions[i].matcher = facts.search_id(asked[i]->kind, asked[i]->key);
  CommitSearch search{q.questions, q.rows, q.unanswerable,
                      "UPDATE series_commits SET commit_oid = ?, exact = ?, searched = 1 WHERE id = ?",
                      "facts: finding backports", [&](size_t i) { return subjects[i]; }};
  CommitSearchReport r = facts.run_search(search, progress);
  save_backport_upstreams(store, repo, stored_releases(store), q.rows);
  return r;
}

std::vector<SeriesCommit> fact_backports(Store& store, const std::string& kind, const std::string& key,
                                         const std::vector<SeriesAnswer>& answers, const std::string& only) {
  return backports_of(store, fact_subject(kind, key), read_series(store, only), answers, stored_extractors_key(store));
}

std::vector<SeriesCommit> pattern_backports(Store& store, const std::string& group, const std::string& name,
                                            const std::vector<SeriesAnswer>& answers, const std::string& only) {
  Stmt p = store.prepare("SELECT kind FROM patterns WHERE group_name = ? AND name = ? AND active = 1");
  p.bind(1, group).bind(2, name);
  std::string kind = p.step() ? p.text(0) : "";
  if (!kind.empty()) return fact_backports(store, kind, name, answers, only);
  return backports_of(store, pattern_subject(group, name), read_series(store, only), answers);
}

}  // namespace ksince
