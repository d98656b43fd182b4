#include "idents/ident_commit.h"

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "commits/bisect.h"
#include "commits/commit_presence.h"
#include "facts/identifier_defs.h"
#include "idents/ident_query.h"
#include "idents/ident_record.h"
#include "idents/ident_reader.h"
#include "idents/ident_tags.h"
#include "repo/history.h"
#include "repo/pathspec.h"
#include "repo/tree_graph.h"
#include "store/index_lock.h"
#include "store/store.h"
#include "util/error.h"

namespace ksince {

namespace {

// The name a definition's text spells: sys_x and compat_sys_x come from
// SYSCALL_DEFINEn(x), trace_x from TRACE_EVENT(x), CONFIG_X from `config X`.
std::string spelled(const std::string& name) {
  for (std::string_view p : {"compat_sys_", "sys_", "trace_", "CONFIG_"})
    if (name.size() > p.size() && name.compare(0, p.size(), p) == 0) return name.substr(p.size());
  return name;
}

// defined(name, commit): some file in the identifier scope at the commit
// defines it. A commit's tree joins one graph (the subtrees its neighbours
// share are walked once), each node's answer is memoised, and a blob is
// judged from its stored record, else read, once.
class DefinedAt : public PresenceOracle {
 public:
  DefinedAt(Store& store, const Repo& repo, History& history, std::string name, uint32_t id)
      : store_(store), repo_(repo), history_(history),
        spec_(nlohmann::json::parse(store.meta("ident_scope").value_or("[]")).get<std::vector<std::string>>()),
        graph_(repo, spec_), name_(std::move(name)),
        spelled_(spelled(name_)), id_(id),
        blob_id_(store.prepare("SELECT id FROM blobs WHERE oid = ?")),
        record_(store.prepare("SELECT defs FROM ident_blobs WHERE key = ? AND reader = ?")) {}

  void prepare(const std::vector<Oid>& commits, const std::vector<uint32_t>&) override {
    for (const Oid& c : commits) {
      if (node_of_.count(c)) continue;
      uint32_t node = graph_.add_root(history_.commit(c).tree);
      node_of_[c] = node;
      memo_.resize(graph_.node_count(), -1);  // nodes are only added here
      defined_in(node);
    }
  }
  bool present(const Oid& commit, uint32_t) override { return memo_.at(node_of_.at(commit)) == 1; }
  size_t checked() const { return node_of_.size(); }

 private:
  bool defined_in(uint32_t node) {
    if (memo_[node] >= 0) return memo_[node];
    const TreeGraph::Node& n = graph_.node(node);
    bool yes = false;
    for (size_t f = 0; f < n.blobs.size() && !yes; f++) yes = blob_defines(n.blobs[f], def_syntax_of(graph_.text(n.names[f])));
    for (size_t c = 0; c < n.children.size() && !yes; c++) yes = defined_in(n.children[c]);
    memo_[node] = yes;
    return yes;
  }

  bool blob_defines(uint32_t blob, DefSyntax syntax) {
    if (syntax == DefSyntax::None) return false;
    uint64_t key = uint64_t(blob) << 3 | static_cast<uint64_t>(syntax);
    if (auto it = blob_memo_.find(key); it != blob_memo_.end()) return it->second;
    bool yes = false;
    const Oid& oid = graph_.blob(blob);
    // Two point lookups (a join on key >> 3 would scan every record).
    int64_t key_in_db = -1;
    blob_id_.bind_blob(1, oid.raw());
    if (blob_id_.step()) key_in_db = blob_id_.i64(0) * 8 + static_cast<int64_t>(syntax);
    blob_id_.reset();
    record_.bind(1, key_in_db).bind(2, int64_t(kIdentReaderVersion));
    if (key_in_db >= 0 && record_.step()) {
      decode_defs(record_.blob(0), defs_, "ident_blobs.defs");
      auto lo = std::lower_bound(defs_.begin(), defs_.end(), IdentDef{id_, DefKind::Function, 0});
      yes = lo != defs_.end() && lo->id == id_;
      record_.reset();
    } else {
      record_.reset();
      repo_.read_blob(oid, text_);
      if (text_.find(spelled_) != std::string::npos)  // no definition without the name in the text
        for (const Definition& d : find_definitions(syntax, text_))
          if (d.name == name_) {
            yes = true;
            break;
          }
    }
    return blob_memo_[key] = yes;
  }

  Store& store_;
  const Repo& repo_;
  History& history_;
  Pathspec spec_;  // the identifier scope the answers were indexed with
  TreeGraph graph_;
  std::string name_, spelled_;
  uint32_t id_;
  Stmt blob_id_, record_;
  std::vector<IdentDef> defs_;
  std::string text_;
  std::vector<int8_t> memo_;  // per node: -1 unknown, 0, 1
  std::unordered_map<uint64_t, bool> blob_memo_;
  std::unordered_map<Oid, uint32_t, OidHash> node_of_;
};

// The question a search answers: the tags' commits as indexed, not as the
// tags name them now.
struct Question {
  uint32_t id = 0;
  std::string version, prev, range;
  Oid version_commit, prev_commit;
};

std::optional<IdentCommit> stored_commit(Store& store, const Question& q) {
  Stmt s = store.prepare(
      "SELECT commit_oid, exact, cut FROM ident_commits WHERE ident_id = ? AND version = ? AND prev = ? AND range = ? "
      "AND reader = ?");
  s.bind(1, int64_t(q.id)).bind(2, q.version).bind(3, q.prev).bind(4, q.range).bind(5, int64_t(kIdentReaderVersion));
  if (!s.step()) return std::nullopt;
  IdentCommit c{q.version, q.prev, {}, s.i64(1) != 0, s.i64(2) != 0, true, 0};
  if (!s.is_null(0)) c.commit = Oid::from_raw(s.blob(0).data());
  return c;
}

// The tag's commit when the answers were computed; a tag of a tree has none.
Oid indexed_commit(const std::vector<IdentTag>& tags, const std::string& name, const std::string& db) {
  const IdentTag& t = ident_tag(tags, name, db);
  if (t.commit.is_zero())
    throw Error(cat(db, ": tag ", name, " names a tree, not a commit: there is no history to search"));
  return t.commit;
}

}  // namespace

std::unique_ptr<PresenceOracle> defined_at_commits(Store& store, const Repo& repo, History& history,
                                                   const std::string& name, uint32_t id) {
  return std::make_unique<DefinedAt>(store, repo, history, name, id);
}

std::optional<IdentCommit> ident_commit(const std::string& db, const Repo& repo, const std::string& name,
                                        Progress& progress) {
  Question q;
  {
    Store read(db, Store::Mode::ReadOnly);
    std::optional<IdentAnswer> a = identifier_answer(read, name);
    if (!a || a->defined.version.empty()) return std::nullopt;
    if (a->defined.prev.empty()) return IdentCommit{a->defined.version, "", {}, false, false, false, 0};
    require_current_ident_reader(read);
    Stmt s = read.prepare("SELECT id FROM ident_names WHERE name = ?");
    s.bind(1, name);
    if (!s.step()) return std::nullopt;
    q.id = static_cast<uint32_t>(s.i64(0));
    std::vector<IdentTag> tags = read_ident_tags(read);
    q.version = a->defined.version;
    q.prev = a->defined.prev;
    q.version_commit = indexed_commit(tags, q.version, db);
    q.prev_commit = indexed_commit(tags, q.prev, db);
    q.range = q.version_commit.hex() + ".." + q.prev_commit.hex();
    if (auto c = stored_commit(read, q)) return c;
  }
  // Search under the lock: one writer, and a second caller finds it stored.
  IndexLock lock(db);
  Store store(db, Store::Mode::Create);
  if (auto c = stored_commit(store, q)) return c;
  History history(repo);
  DefinedAt oracle(store, repo, history, name, q.id);
  CommitQuestion cq{0, q.version_commit, q.prev_commit};
  std::vector<CommitAnswer> found = find_introducing_commits(
      history, oracle, {cq}, [&](size_t round, size_t, size_t left) {
        progress.update(cat("finding the commit that defined ", name, ": round ", round + 1, ", ", left, " left"));
      });
  progress.done();
  IdentCommit c{q.version, q.prev, found[0].commit, found[0].exact, found[0].cut, false, oracle.checked()};
  Store::Transaction tx(store);
  Stmt put = store.prepare(
      "INSERT OR REPLACE INTO ident_commits(ident_id, version, prev, commit_oid, exact, cut, range, reader) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  put.bind(1, int64_t(q.id)).bind(2, c.version).bind(3, c.prev);
  if (c.commit.is_zero()) put.bind_null(4);
  else put.bind_blob(4, c.commit.raw());
  put.bind(5, int64_t(c.exact)).bind(6, int64_t(c.cut)).bind(7, q.range).bind(8, int64_t(kIdentReaderVersion)).run();
  tx.commit();
  return c;
}

}  // namespace ksince
