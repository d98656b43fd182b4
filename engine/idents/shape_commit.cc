#include "idents/shape_commit.h"

#include <map>
#include <optional>
#include <unordered_map>

#include "commits/bisect.h"
#include "commits/commit_presence.h"
#include "idents/ident_reader.h"
#include "repo/history.h"
#include "store/fingerprint.h"
#include "store/index_lock.h"
#include "util/error.h"

namespace ksince {

namespace {

// One aspect of a name at any tree.
class AspectAt {
 public:
  AspectAt(Store& store, const Repo& repo, const IdentHistory& h, uint32_t id, std::vector<std::string> paths)
      : h_(h), id_(id), paths_(std::move(paths)), lookup_(repo), records_(store, repo) {}

  // A stable key of the aspect's shapes at the tree ("absent" has one too).
  uint64_t key(const Oid& tree, const std::string& aspect) {
    TagState st = aspects_of(shapes_in_tree(lookup_, records_, tree, paths_, id_, h_.name, h_.arch), h_.arch);
    if (!h_.member.empty()) st = member_of(st, h_.member, h_.member_kind);
    Fingerprint f;
    auto it = st.find(aspect);
    if (it == st.end()) return f.add("absent").h;
    for (const auto& [k, text] : it->second.shapes) f.add(std::string(shape_kind_name(k))).add(text);
    return f.h;
  }

 private:
  const IdentHistory& h_;
  uint32_t id_;
  std::vector<std::string> paths_;
  PathLookup lookup_;
  ShapeRecords records_;
};

// "The aspect's shapes are the new ones" at a commit, memoised.
class ShapeEquals : public PresenceOracle {
 public:
  ShapeEquals(AspectAt& at, History& history, std::string aspect, uint64_t target)
      : at_(at), history_(history), aspect_(std::move(aspect)), target_(target) {}
  void prepare(const std::vector<Oid>& commits, const std::vector<uint32_t>&) override {
    for (const Oid& c : commits)
      if (!memo_.count(c)) memo_[c] = at_.key(history_.commit(c).tree, aspect_) == target_;
  }
  bool present(const Oid& commit, uint32_t) override { return memo_.at(commit); }

 private:
  AspectAt& at_;
  History& history_;
  std::string aspect_;
  uint64_t target_;
  std::unordered_map<Oid, bool, OidHash> memo_;
};

struct Asked {
  Oid version_commit, prev_commit;
  std::string range;
  uint64_t target = 0;
};

bool read_stored(Store& store, const IdentHistory& h, HistoryChange& c, const Asked& q) {
  Stmt s = store.prepare(
      "SELECT commit_oid, exact, cut FROM ident_shape_commits WHERE name = ? AND aspect = ? AND arch = ? AND "
      "version = ? AND prev = ? AND range = ? AND reader = ? AND target = ?");
  s.bind(1, h.asked).bind(2, c.aspect).bind(3, h.arch).bind(4, c.version).bind(5, c.prev).bind(6, q.range)
      .bind(7, int64_t(kIdentReaderVersion)).bind(8, static_cast<int64_t>(q.target));
  if (!s.step()) return false;
  c.commit = s.is_null(0) ? "" : Oid::from_raw(s.blob(0).data()).hex();
  c.exact = s.i64(1) != 0;
  c.cut = s.i64(2) != 0;
  c.searched = true;
  return true;
}

void store_answer(Store& store, const IdentHistory& h, const HistoryChange& c, const Asked& q, const CommitAnswer& a) {
  Stmt put = store.prepare(
      "INSERT OR REPLACE INTO ident_shape_commits(name, aspect, arch, version, prev, range, reader, target, "
      "commit_oid, exact, cut) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  put.bind(1, h.asked).bind(2, c.aspect).bind(3, h.arch).bind(4, c.version).bind(5, c.prev).bind(6, q.range)
      .bind(7, int64_t(kIdentReaderVersion)).bind(8, static_cast<int64_t>(q.target));
  if (a.commit.is_zero()) put.bind_null(9);
  else put.bind_blob(9, a.commit.raw());
  put.bind(10, int64_t(a.exact)).bind(11, int64_t(a.cut)).run();
}

}  // namespace

void find_change_commits(const std::string& db, const Repo& repo, IdentHistory& h, Progress& progress) {
  if (h.changes.empty()) return;
  IndexLock lock(db);  // one writer; a second caller finds the answers stored
  Store store(db, Store::Mode::Create);
  std::map<std::string, Oid> commit_of;
  for (const IdentTag& t : history_tags(store, h.series)) commit_of[t.name] = t.commit;
  Stmt idq = store.prepare("SELECT id FROM ident_names WHERE name = ?");
  if (!idq.bind(1, h.name).step()) return;
  const uint32_t id = static_cast<uint32_t>(idq.i64(0));
  AspectAt at(store, repo, h, id, ShapePaths(store).of(id));
  History history(repo);
  for (HistoryChange& c : h.changes) {
    Asked q{commit_of[c.version], commit_of[c.prev]};
    if (q.version_commit.is_zero() || q.prev_commit.is_zero()) continue;  // a tag of a tree: no history
    q.range = q.version_commit.hex() + ".." + q.prev_commit.hex();
    q.target = at.key(history.commit(q.version_commit).tree, c.aspect);
    if (read_stored(store, h, c, q)) continue;
    ShapeEquals oracle(at, history, c.aspect, q.target);
    std::vector<CommitAnswer> found = find_introducing_commits(
        history, oracle, {CommitQuestion{0, q.version_commit, q.prev_commit}}, [&](size_t round, size_t, size_t) {
          progress.update(cat("finding the commit of ", h.asked, "'s change in ", c.version, ": round ", round + 1));
        });
    c.commit = found[0].commit.is_zero() ? "" : found[0].commit.hex();
    c.exact = found[0].exact;
    c.cut = found[0].cut;
    c.searched = true;
    Store::Transaction tx(store);
    store_answer(store, h, c, q, found[0]);
    tx.commit();
  }
  progress.done();
}

}  // namespace ksince
