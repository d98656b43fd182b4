#include "series/ident_backports.h"

#include <algorithm>

#include "commits/bisect.h"
#include "idents/ident_commit.h"
#include "idents/ident_query.h"
#include "idents/ident_reader.h"
#include "idents/ident_tags.h"
#include "store/answers.h"
#include "store/index_lock.h"

namespace ksince {

namespace {

// The identifier's defined answer on each series of the index, in its order.
struct Defined {
  uint32_t id = 0;
  std::vector<StoredSeries> series;
  std::vector<SeriesAnswer> answers;
};

std::optional<Defined> defined_on_series(Store& store, const std::string& name) {
  std::optional<IdentAnswer> a = identifier_answer(store, name);
  if (!a) return std::nullopt;
  Stmt s = store.prepare("SELECT id FROM ident_names WHERE name = ?");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  Defined d{static_cast<uint32_t>(s.i64(0)), {}, {}};
  for (StoredSeries& st : read_series(store))
    for (const IdentSeriesAnswer& x : a->series)
      if (x.defined.series == st.name) {
        d.series.push_back(st);
        d.answers.push_back(x.defined);
      }
  return d;
}

// The reader's version joins each question: another reader's definitions
// make another search.
std::string reader_salt() { return "reader " + std::to_string(kIdentReaderVersion); }

}  // namespace

std::vector<SeriesCommit> identifier_backports(const std::string& db, const Repo& repo, const std::string& name,
                                               Progress& progress) {
  {
    Store read(db, Store::Mode::ReadOnly);
    std::optional<Defined> d = defined_on_series(read, name);
    if (!d) return {};
    std::vector<SeriesCommit> stored = backports_of(read, "identifier " + name, d->series, d->answers, reader_salt());
    size_t wanted = 0;
    for (const SeriesAnswer& a : d->answers) wanted += a.since == "point";
    if (stored.size() == wanted && std::all_of(stored.begin(), stored.end(), [](const SeriesCommit& c) { return c.searched; }))
      return stored;
  }
  // Search under the lock: one writer, and a second caller finds it stored.
  IndexLock lock(db);
  Store store(db, Store::Mode::Create);
  std::optional<Defined> d = defined_on_series(store, name);
  if (!d) return {};
  require_current_ident_reader(store);
  const std::string subject = "identifier " + name;
  BackportQuestions q;
  {
    Store::Transaction tx(store);
    add_backport_questions(store, subject, d->series, d->answers, 0, reader_salt(), q);
    tx.commit();
  }
  if (!q.rows.empty() || !q.unanswerable.empty()) {
    History history(repo);
    std::unique_ptr<PresenceOracle> oracle = defined_at_commits(store, repo, history, name, d->id);
    std::vector<CommitAnswer> found =
        find_introducing_commits(history, *oracle, q.questions, [&](size_t round, size_t, size_t left) {
          progress.update(cat("finding the backports of ", name, ": round ", round + 1, ", ", left, " left"));
        });
    progress.done();
    save_commit_answers(store, history, "UPDATE series_commits SET commit_oid = ?, exact = ?, searched = 1 WHERE id = ?",
                        q.rows, found, q.unanswerable);
    save_backport_upstreams(store, repo, stored_releases(store), q.rows);
  }
  return backports_of(store, subject, d->series, d->answers, reader_salt());
}

}  // namespace ksince
