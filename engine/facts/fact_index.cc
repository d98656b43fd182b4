#include "facts/fact_index.h"

#include <algorithm>
#include <chrono>
#include <unordered_map>
#include <unordered_set>

#include "store/answers.h"
#include "commits/bisect.h"
#include "scan/blob_cache.h"
#include "commits/commit_presence.h"
#include "commits/commit_search.h"
#include "util/error.h"
#include "store/feature_version.h"
#include "store/fingerprint.h"
#include "repo/history.h"
#include "repo/pathspec.h"
#include "facts/fact_stage.h"
#include "facts/tree_facts.h"
#include "util/time_left.h"
#include "repo/tree_graph.h"

namespace ksince {

namespace {

using Clock = std::chrono::steady_clock;

// Facts are read from the C sources and headers of the whole tree but the
// kernel's user-space tools and samples, which copy the uapi headers and
// define look-alikes. (Extractors read C: Documentation/, device trees and
// firmware would only cost reading time.)
const std::vector<std::string> kFactFiles = {"*.c", "*.h"};
const std::vector<std::string> kFactExcludes = {"tools", "samples"};

// Presence of derived facts at commits: the commit's tree joins the fact
// graph (through the blob side, which scans new blobs for the triggers),
// then its facts are resolved like a tag's, as fact ids only (the search
// needs no details), so memory grows by a few bytes per commit checked.
class FactCommitPresence : public PresenceOracle {
 public:
  // At a commit, only the extractors that report the kinds of the facts
  // whose searches ask about it are resolved (a search for a kfunc needs
  // the kfunc extractor alone); present() resolves more if asked.
  FactCommitPresence(CommitPresence& blobs, TreeFacts& facts, unsigned jobs)
      : blobs_(blobs), facts_(facts), jobs_(jobs) {}

  void prepare(const std::vector<Oid>& commits, const std::vector<uint32_t>& features) override {
    blobs_.prepare(commits);
    std::unordered_map<Oid, uint32_t, OidHash> mask;
    for (size_t i = 0; i < commits.size(); i++) {
      uint32_t m = i < features.size() ? facts_.extractors_of(features[i]) : ~0u;
      mask[commits[i]] |= m;
      checked_.insert(commits[i]);
    }
    std::vector<uint32_t> roots, masks;
    for (const auto& [c, m] : mask) {
      roots.push_back(blobs_.node_of(c));
      masks.push_back(m);
    }
    facts_.prepare_ids(roots, jobs_, masks);
  }
  bool present(const Oid& commit, uint32_t fact) override {
    if (!checked_.count(commit)) throw Error(cat("internal: fact presence asked before prepare for ", commit.hex()));
    for (const auto& ids : facts_.ids_at(blobs_.node_of(commit), facts_.extractors_of(fact)))
      if (ids && std::binary_search(ids->begin(), ids->end(), fact)) return true;
    return false;
  }
  size_t checked() const { return checked_.size(); }

 private:
  CommitPresence& blobs_;
  TreeFacts& facts_;
  unsigned jobs_;
  std::unordered_set<Oid, OidHash> checked_;
};

// Versions by the SPEC's rule, in the caller's transaction. A known commit
// stands only while the question it answered is the same: the range it was
// searched in (the version's and prev's commits) and the extractors that
// judged presence at each commit (`extractors_key`, with their versions).
void save_fact_versions(Store& store, const std::vector<std::string>& names,
                        const std::vector<std::vector<uint8_t>>& column, const std::vector<int64_t>& db_id,
                        const std::vector<std::string>& tag_commit, const std::string& extractors_key) {
  std::unordered_map<int64_t, std::string> old_range;
  for (Stmt q = store.prepare("SELECT fact_id, range FROM fact_answers"); q.step();) old_range[q.i64(0)] = q.text(1);
  std::unordered_map<std::string, size_t> pos;
  for (size_t t = 0; t < names.size(); t++) pos.emplace(names[t], t);
  Stmt keep = store.prepare("UPDATE fact_answers SET version = ?, prev = ? WHERE fact_id = ?");
  Stmt reset = store.prepare(
      "INSERT INTO fact_answers(fact_id, version, prev, range) VALUES(?,?,?,?) ON CONFLICT(fact_id) DO UPDATE "
      "SET version = excluded.version, prev = excluded.prev, range = excluded.range, commit_oid = '', "
      "commit_exact = 0, commit_searched = 0");
  std::unordered_set<int64_t> seen;
  for (size_t f = 0; f < column.size(); f++) {
    VersionAnswer v = version_of(names, column[f]);
    std::string range;
    if (!v.version.empty()) range = tag_commit[pos.at(v.version)] + "..";
    if (!v.prev.empty()) range += tag_commit[pos.at(v.prev)];
    if (!range.empty()) range += "/" + extractors_key;
    seen.insert(db_id[f]);
    auto it = old_range.find(db_id[f]);
    if (it != old_range.end() && it->second == range && !range.empty())
      keep.bind(1, v.version).bind(2, v.prev).bind(3, db_id[f]).run();
    else
      reset.bind(1, db_id[f]).bind(2, v.version).bind(3, v.prev).bind(4, range).run();
  }
  // Facts of earlier runs that no selected tag has now.
  for (const auto& [id, range] : old_range)
    if (!seen.count(id)) reset.bind(1, id).bind(2, "").bind(3, "").bind(4, "").run();
}

}  // namespace

MatchSpec trigger_spec(const Extractor& x) {
  MatchSpec m;
  m.literal = false;
  m.exprs = x.trigger_regexes();
  m.label = cat("the triggers of extractor '", x.name(), "'");
  return m;
}

struct FactIndex::State {
  Store& store;
  const Repo& repo;
  std::vector<const Extractor*> extractors;
  unsigned jobs;
  std::vector<MatchSpec> specs;
  Matcher matcher;
  Pathspec scope;
  TreeGraph graph;
  BlobCache cache;
  TreePresence presence;
  FactRegistry registry;
  TreeFacts facts;

  State(Store& st, const Repo& r, std::vector<const Extractor*> xs, unsigned j, std::vector<MatchSpec> sp)
      : store(st), repo(r), extractors(std::move(xs)), jobs(j), specs(std::move(sp)), matcher(specs),
        scope(kFactFiles, kFactExcludes), graph(repo, scope), cache(store, specs),
        presence(graph, specs.size(), cache.hits()), facts(store, repo, graph, cache, extractors, registry) {}
};

namespace {
std::vector<MatchSpec> specs_of(const std::vector<const Extractor*>& xs) {
  std::vector<MatchSpec> out;
  for (const Extractor* x : xs) out.push_back(trigger_spec(*x));
  return out;
}
}  // namespace

FactIndex::FactIndex(Store& store, const Repo& repo, std::vector<const Extractor*> extractors, unsigned jobs)
    : store_(store), repo_(repo), extractors_(std::move(extractors)), jobs_(jobs) {}

// The graph, cache and compiled triggers, made only when there is work: a
// run with nothing new compiles nothing.
FactIndex::State& FactIndex::state() {
  if (!s_) s_ = std::make_unique<State>(store_, repo_, extractors_, jobs_, specs_of(extractors_));
  return *s_;
}

FactIndex::~FactIndex() = default;

std::string FactIndex::key() const {
  Fingerprint fp;
  for (const Extractor* x : extractors_) fp.add(x->name()).add(std::to_string(x->version()));
  for (const auto& f : kFactFiles) fp.add(f);
  for (const auto& e : kFactExcludes) fp.add("!" + e);
  return fp.hex();
}

void FactIndex::index_tags(const std::vector<TagInfo>& tags, size_t releases, const std::string& run_key,
                           Progress& progress, FactReport& report) {
  const std::string extractors_key = key();
  std::string fact_key = run_key + "/" + extractors_key;
  if (extractors_.empty()) return;
  if (store_.meta("last_fact_key") == fact_key) {
    report.up_to_date = true;
    return;
  }
  State& s = state();
  auto t0 = Clock::now();
  std::vector<std::string> names, facts_keys;
  for (const TagInfo& t : tags) {
    names.push_back(t.name);
    facts_keys.push_back(tag_facts_key(t.tree, extractors_key));
  }
  // Presence bits per fact (tags newest first): of the tags whose stored
  // facts stand, read back; of the others, derived and staged.
  std::vector<std::vector<uint8_t>> column;
  auto unknown = [&](size_t t, const std::string& extractor, const std::string& file, int64_t line,
                     const std::string& what) {
    report.unknowns++;
    if (t == 0 && releases > 0) report.newest_unknowns.push_back(cat(file, ":", line, ": ", what, " (", extractor, ", at ", names[t], ")"));
  };
  std::vector<size_t> derive;
  for (size_t t = 0; t < tags.size(); t++) {
    bool kept = read_kept_facts(
        s.store, names[t], facts_keys[t],
        [&](const std::string& kind, const std::string& k) {
          uint32_t f = s.registry.id(kind, k);
          column.resize(s.registry.size(), std::vector<uint8_t>(tags.size(), 0));
          column[f][t] = 1;
        },
        [&](const std::string& x, const std::string& file, int64_t line, const std::string& what) {
          unknown(t, x, file, line, what);
        });
    if (!kept) derive.push_back(t);
  }
  std::vector<uint32_t> roots(tags.size(), 0);
  for (size_t i : derive) {
    progress.update(cat("facts: walking trees: tag ", i + 1, "/", tags.size(), " (", tags[i].name, ")"));
    roots[i] = s.graph.add_root(tags[i].tree);
    // The next older tag's tree too, though its facts stand: the commits a
    // search checks between the two share most of their subtrees with it.
    if (i + 1 < releases) s.graph.add_root(tags[i + 1].tree);
  }
  report.blobs = s.graph.blob_count();
  s.cache.load(s.graph);
  size_t to_scan = 0;  // for the estimate of the time left
  for (const auto& [lacking, blobs] : s.cache.plan()) to_scan += blobs.size();
  auto t_scan = Clock::now();
  s.cache.scan(s.graph, s.matcher, s.specs, s.repo.git_dir(), s.jobs, [&](size_t blobs, uint64_t bytes) {
    report.blobs_scanned = blobs;
    progress.update(cat("facts: scanning blobs for triggers: ", blobs, "/", to_scan, ", ", bytes >> 20, " MB",
                        time_left(seconds_since(t_scan), blobs, to_scan)));
  });

  // Each tag's facts are staged as soon as they are resolved and dropped.
  FactStage stage(s.store);
  auto t_extract = Clock::now();
  for (size_t n = 0; n < derive.size(); n++) {
    size_t t = derive[n];
    progress.update(cat("facts: extracting: tag ", t + 1, "/", tags.size(), " (", tags[t].name, ")",
                        time_left(seconds_since(t_extract), n, derive.size())));
    std::shared_ptr<const TreeFacts::Result> at = s.facts.at(roots[t], s.jobs);
    column.resize(s.registry.size(), std::vector<uint8_t>(tags.size(), 0));
    for (const TreeFacts::Found& f : at->facts) column[f.fact][t] = 1;
    stage.add(t, *at);
    for (const TreeFacts::Unknown& u : at->unknowns)
      unknown(t, u.extractor->name(), u.construct->file, u.construct->line, u.construct->what);
  }
  column.resize(s.registry.size(), std::vector<uint8_t>(tags.size(), 0));
  report.blobs_extracted = s.facts.blobs_extracted();

  Store::Transaction tx(s.store);
  Stmt tag_id = s.store.prepare("SELECT id, commit_oid FROM tags WHERE name = ?");
  Stmt fact_id = s.store.prepare(
      "INSERT INTO derived_facts(kind, key) VALUES(?, ?) ON CONFLICT(kind, key) DO UPDATE SET kind = kind "
      "RETURNING id");
  std::vector<int64_t> db_id(s.registry.size(), 0);
  for (uint32_t f = 0; f < s.registry.size(); f++) {
    fact_id.bind(1, s.registry.fact(f).first).bind(2, s.registry.fact(f).second);
    fact_id.step();
    db_id[f] = fact_id.i64(0);
    fact_id.reset();
  }
  std::vector<std::string> tag_commit(tags.size());
  std::vector<int64_t> tag_row(tags.size());
  for (size_t t = 0; t < tags.size(); t++) {
    tag_id.bind(1, tags[t].name);
    if (!tag_id.step()) throw Error(cat("internal: tag ", tags[t].name, " is not stored"));
    tag_row[t] = tag_id.i64(0);
    tag_commit[t] = tag_id.is_null(1) ? "" : Oid::from_raw(tag_id.blob(1).data()).hex();
    tag_id.reset();
  }
  for (size_t t : derive) stage.copy(t, tag_row[t], db_id, facts_keys[t]);

  names.resize(releases);  // versions are the releases'; the points' answers are read per series
  save_fact_versions(s.store, names, column, db_id, tag_commit, extractors_key);
  s.store.set_meta("last_fact_key", fact_key);
  tx.commit();
  for (const auto& col : column)
    if (std::find(col.begin(), col.end(), 1) != col.end()) report.facts++;
  report.seconds = seconds_since(t0);
}

void FactIndex::find_commits(Progress& progress, FactReport& report) {
  if (extractors_.empty()) return;
  Store& store = store_;
  std::vector<int64_t> ids, unanswerable;
  struct Question {
    std::string kind, key;
    Oid version, prev;
  };
  std::vector<Question> asked;
  std::vector<CommitQuestion> questions;
  for (Stmt q = store.prepare(
           "SELECT a.fact_id, d.kind, d.key, tv.commit_oid, tp.commit_oid FROM fact_answers a "
           "JOIN derived_facts d ON d.id = a.fact_id JOIN tags tv ON tv.name = a.version "
           "JOIN tags tp ON tp.name = a.prev "
           "WHERE a.version <> '' AND a.prev <> '' AND a.commit_searched = 0 ORDER BY a.fact_id");
       q.step();) {
    if (q.is_null(3) || q.is_null(4)) {  // a tag of a tree: no commits to search
      unanswerable.push_back(q.i64(0));
      continue;
    }
    ids.push_back(q.i64(0));
    asked.push_back({q.text(1), q.text(2), Oid::from_raw(q.blob(3).data()), Oid::from_raw(q.blob(4).data())});
  }
  if (asked.empty() && unanswerable.empty()) return;
  for (const Question& a : asked) questions.push_back({search_id(a.kind, a.key), a.version, a.prev});
  CommitSearch search{questions, ids, unanswerable,
                      "UPDATE fact_answers SET commit_oid = ?, commit_exact = ?, commit_searched = 1 WHERE fact_id = ?",
                      "facts: finding commits", [&](size_t i) { return cat(asked[i].kind, " ", asked[i].key); }};
  add_commit_search(run_search(search, progress), report);
}

uint32_t FactIndex::search_id(const std::string& kind, const std::string& key) {
  return state().registry.id(kind, key);
}

CommitSearchReport FactIndex::run_search(const CommitSearch& search, Progress& progress) {
  State& s = state();
  History history(s.repo);
  CommitPresence blobs(history, s.graph, s.cache, s.presence, {s.matcher, s.specs, s.repo.git_dir(), s.jobs});
  FactCommitPresence oracle(blobs, s.facts, s.jobs);
  return run_commit_search(store_, history, oracle, search, progress, [&] { return oracle.checked(); });
}

}  // namespace ksince
