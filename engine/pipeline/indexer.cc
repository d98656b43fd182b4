#include "pipeline/indexer.h"

#include <algorithm>
#include <functional>
#include <future>
#include <memory>
#include <system_error>
#include <optional>
#include <chrono>
#include <ctime>
#include <thread>
#include <unordered_map>

#include "store/answers.h"
#include "pipeline/run_tags.h"
#include "store/series_answers.h"
#include "facts/derived_facts.h"
#include "series/backports.h"
#include "series/citations.h"
#include "series/fact_backports.h"
#include "commits/bisect.h"
#include "scan/blob_cache.h"
#include "commits/commit_presence.h"
#include "commits/commit_search.h"
#include "facts/extractors.h"
#include "idents/ident_index.h"
#include "idents/ident_scope.h"
#include "store/fingerprint.h"
#include "repo/history.h"
#include "store/index_lock.h"
#include "scan/blob_scan.h"
#include "scan/pattern_set.h"
#include "repo/repo.h"
#include "store/store.h"
#include "util/time_left.h"
#include "repo/tree_graph.h"

namespace ksince {

namespace {

using Clock = std::chrono::steady_clock;

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

// Step 6: the introducing commit of every feature that has a version and a
// prev but has not been searched yet.
void find_commits(Store& store, const Repo& repo, TreeGraph& graph, BlobCache& cache, TreePresence& tree_presence,
                  const std::function<const Matcher&()>& matcher, const std::vector<MatchSpec>& specs,
                  unsigned jobs, Progress& progress, IndexReport& report) {
  PendingCommits pending = pending_commits(store);
  if (pending.questions.empty() && pending.unanswerable.empty()) return;
  std::unordered_map<int64_t, uint32_t> local;
  for (uint32_t i = 0; i < cache.matcher_ids().size(); i++) local.emplace(cache.matcher_ids()[i], i);
  for (size_t i = 0; i < pending.questions.size(); i++)
    pending.questions[i].matcher = local.at(pending.matcher_ids[i]);  // active patterns are this run's

  History history(repo);
  CommitPresence presence(history, graph, cache, tree_presence, {matcher(), specs, repo.git_dir(), jobs});
  Stmt name = store.prepare("SELECT name FROM patterns WHERE id = ?");
  CommitSearch search{pending.questions, pending.pattern_ids, pending.unanswerable,
                      "UPDATE features SET commit_oid = ?, commit_exact = ?, commit_searched = 1 WHERE pattern_id = ?",
                      "finding commits", [&](size_t i) {
                        name.bind(1, pending.pattern_ids[i]);
                        std::string n = name.step() ? name.text(0) : "";
                        name.reset();
                        return n;
                      }};
  add_commit_search(
      run_commit_search(store, history, presence, search, progress, [&] { return presence.commits_checked(); }),
      report);
}

// Step 6b: the backports. For each pattern whose answer on a series came in
// at a point, the commit that brought it between the two points, by the
// same search (its question stored with the points' commits), and the
// mainline commit its message cites.
void find_backports(Store& store, const Repo& repo, TreeGraph& graph, BlobCache& cache, TreePresence& tp,
                    const std::function<const Matcher&()>& matcher, const std::vector<MatchSpec>& specs,
                    unsigned jobs, Progress& progress, IndexReport& report) {
  std::vector<StoredSeries> series = read_series(store);
  if (series.empty()) return;
  std::unordered_map<int64_t, uint32_t> local;
  for (uint32_t i = 0; i < cache.matcher_ids().size(); i++) local.emplace(cache.matcher_ids()[i], i);
  BackportQuestions q;
  std::vector<std::string> subjects;
  {
    Store::Transaction tx(store);
    for (Stmt s = store.prepare("SELECT group_name, name, matcher_id FROM patterns WHERE active = 1 AND kind = ''");
         s.step();) {
      std::string subject = pattern_subject(s.text(0), s.text(1));
      add_backport_questions(store, subject, series, pattern_series_answers(store, s.text(0), s.text(1)),
                             local.at(s.i64(2)), "", q);
      subjects.resize(q.rows.size(), subject);
    }
    tx.commit();
  }
  if (q.rows.empty() && q.unanswerable.empty()) return;
  History history(repo);
  CommitPresence presence(history, graph, cache, tp, {matcher(), specs, repo.git_dir(), jobs});
  CommitSearch search{q.questions, q.rows, q.unanswerable,
                      "UPDATE series_commits SET commit_oid = ?, exact = ?, searched = 1 WHERE id = ?",
                      "finding backports", [&](size_t i) { return subjects[i]; }};
  CommitSearchReport r =
      run_commit_search(store, history, presence, search, progress, [&] { return presence.commits_checked(); });
  report.warnings.insert(report.warnings.end(), r.warnings.begin(), r.warnings.end());
  report.backports_found = r.found;
  report.backport_seconds = r.seconds;
  save_backport_upstreams(store, repo, stored_releases(store), q.rows);
}

// The run's matchers: the patterns' and the extractors' triggers, which
// ride along so that a blob in both scopes is read once for both. The
// patterns' database is compiled at once, which checks every regex before
// the database is opened; the one a scan uses adds the triggers and is
// compiled only when something is scanned (a run with nothing new compiles
// no more).
class RunMatchers {
 public:
  RunMatchers(const PatternSet& ps, const std::vector<const Extractor*>& extractors) {
    std::unordered_map<std::string, uint32_t> by_key;
    for (const Pattern& p : ps.patterns) {
      auto [it, fresh] = by_key.emplace(matcher_key(p.match), static_cast<uint32_t>(specs_.size()));
      if (fresh) specs_.push_back(p.match);
      pattern_matcher_.push_back(it->second);
    }
    patterns_only_.emplace(specs_);
    for (const Extractor* x : extractors) {
      MatchSpec t = trigger_spec(*x);
      if (by_key.emplace(matcher_key(t), static_cast<uint32_t>(specs_.size())).second) specs_.push_back(t);
    }
  }
  ~RunMatchers() {
    if (compiling_.valid()) compiling_.wait();
  }
  const std::vector<MatchSpec>& specs() const { return specs_; }
  const std::vector<uint32_t>& pattern_matcher() const { return pattern_matcher_; }  // pattern -> spec
  // Starts compiling the scan's database on another thread, so that it
  // overlaps the tree walk (a run that then scans nothing pays nothing more).
  void compile_ahead() {
    if (patterns_only_->size() == specs_.size() || with_triggers_ || compiling_.valid()) return;
    try {
      compiling_ = std::async(std::launch::async, [this] { return std::make_unique<Matcher>(specs_); });
    } catch (const std::system_error&) {
      // No thread to spare: get() compiles it, and the scan's own threads
      // report the limit.
    }
  }
  const Matcher& get() {
    if (patterns_only_->size() == specs_.size()) return *patterns_only_;
    if (compiling_.valid()) with_triggers_ = compiling_.get();  // rethrows the compile's error
    if (!with_triggers_) with_triggers_ = std::make_unique<Matcher>(specs_);
    return *with_triggers_;
  }

 private:
  std::vector<MatchSpec> specs_;
  std::vector<uint32_t> pattern_matcher_;
  std::optional<Matcher> patterns_only_;
  std::unique_ptr<Matcher> with_triggers_;
  std::future<std::unique_ptr<Matcher>> compiling_;
};

// Everything the names' answers depend on: a run with the same key as the
// last completed one has nothing new to compute for the names.
std::string run_fingerprint(const IndexOptions& o, const PatternSet& ps, const RunTags& tags) {
  Fingerprint fp;
  fp.add(o.order == TagOrder::Date ? "date" : "version").add(o.rc ? "rc" : "");
  MatchSemantics sem = match_semantics();
  fp.add(cat("semantics ", sem.literal, " ", sem.regex));
  for (const auto& f : ps.files) fp.add(f);
  for (const auto& g : ps.groups) fp.add(g);
  for (const auto& p : ps.patterns) {
    fp.add(p.group).add(p.name).add(matcher_key(p.match)).add(p.kind);
    for (int r : p.repeats) fp.add(cat("repeated at ", r));  // the exports list it there
  }
  // The commit too: a tag re-made on another commit with the same tree
  // bounds other commits.
  for (const auto& t : tags.mainline) fp.add(t.name).add(t.tree.raw()).add(t.commit.raw());
  // The points with their places and the bases (an index without series
  // keeps the key it had before series existed).
  for (const Series& s : tags.series) {
    fp.add("series " + s.name).add("base " + s.base);
    for (const SeriesPoint& p : s.points)
      fp.add(p.tag.name).add(p.tag.tree.raw()).add(p.tag.commit.raw()).add(point_label(s.name, p.place));
  }
  for (const std::string& u : tags.unplaced) fp.add("unplaced " + u);  // status lists them
  return fp.hex();
}

// What steps 3 to 5 work with.
struct NameScan {
  Store& store;
  TreeGraph& graph;
  BlobCache& cache;
  TreePresence& presence;
  RunMatchers& matchers;
  const Repo& repo;
  unsigned jobs;
};

// Step 3: every selected tag's tree, once, into one graph; the roots.
std::vector<uint32_t> walk_trees(NameScan& n, const std::vector<TagInfo>& tags, Progress& progress,
                                 IndexReport& report) {
  auto t_walk = Clock::now();
  n.matchers.compile_ahead();
  std::vector<uint32_t> roots;
  for (size_t i = 0; i < tags.size(); i++) {
    progress.update(cat("walking trees: tag ", i + 1, "/", tags.size(), " (", tags[i].name, ")",
                        time_left(seconds_since(t_walk), i, tags.size())));
    roots.push_back(n.graph.add_root(tags[i].tree));
  }
  report.blobs = n.graph.blob_count();
  report.trees_read = n.graph.trees_read();
  report.walk_seconds = seconds_since(t_walk);
  return roots;
}

// Step 4: what the cache lacks, each blob once, storing as we go.
void scan_new_blobs(NameScan& n, Progress& progress, IndexReport& report) {
  auto t_scan = Clock::now();
  n.cache.load(n.graph);
  size_t to_scan = 0;  // for the estimate of the time left
  for (const auto& [lacking, blobs] : n.cache.plan()) to_scan += blobs.size();
  n.cache.scan(n.graph, n.matchers.get(), n.matchers.specs(), n.repo.git_dir(), n.jobs,
               [&](size_t blobs, uint64_t bytes) {
                 report.blobs_scanned = blobs;
                 report.bytes_scanned = bytes;
                 double s = seconds_since(t_scan);
                 progress.update(cat("scanning blobs: ", blobs, "/", to_scan, ", ", bytes >> 20, " MB, ",
                                     s > 0 ? static_cast<uint64_t>(bytes / s) >> 20 : 0, " MB/s",
                                     time_left(s, blobs, to_scan)));
               });
  report.scan_seconds = seconds_since(t_scan);
}

// Step 5: presence at every tag, from the hits, and the versions, stored in
// one transaction.
void save_presence(NameScan& n, const PatternSet& ps, const RunTags& tags, const std::vector<uint32_t>& roots,
                   const std::string& run_key, Progress& progress, IndexReport& report) {
  auto t_save = Clock::now();
  progress.update("computing presence", true);
  const size_t matchers = n.matchers.specs().size();
  std::vector<std::vector<uint8_t>> present(roots.size(), std::vector<uint8_t>(matchers, 0));
  for (size_t t = 0; t < roots.size(); t++)
    for (uint32_t m = 0; m < matchers; m++) present[t][m] = n.presence.test(roots[t], m);
  TagAnswers answers{n.repo.git_dir(), &ps, n.matchers.pattern_matcher(), n.cache.matcher_ids(), tags.mainline,
                     tags.series, tags.unplaced, std::move(present), run_key};
  save_tag_answers(n.store, answers);
  report.save_seconds = seconds_since(t_save);
}

}  // namespace

IndexReport run_index(const IndexOptions& o, Progress& progress) {
  auto t0 = Clock::now();
  int64_t started = std::time(nullptr);
  IndexReport report;

  // 1. Everything that can be wrong with the inputs fails here, before the
  //    database is opened.
  PatternSet ps = load_pattern_set(o.patterns);
  std::vector<std::unique_ptr<Extractor>> owned = o.facts ? default_extractors()
                                                          : std::vector<std::unique_ptr<Extractor>>{};
  std::vector<const Extractor*> extractors;
  for (const auto& x : owned) extractors.push_back(x.get());
  RunMatchers matchers(ps, extractors);
  Repo repo(o.repo);
  report.warnings = repo.limits().warnings(repo.git_dir());  // said first, whatever the run then does
  std::vector<TagInfo> all_tags = repo.tags(&report.warnings);
  RunTags run_tags = select_run_tags(repo, all_tags, ps, o.series, o.order, o.rc, o.patterns, report.warnings);
  const std::vector<TagInfo>& tags = run_tags.mainline;
  const std::vector<TagInfo> every_tag = run_tags.all();
  report.tags = tags.size();
  report.series = run_tags.series.size();
  report.points = run_tags.points();
  report.unplaced = run_tags.unplaced.size();
  report.patterns = ps.patterns.size();
  report.warnings.insert(report.warnings.begin(), ps.warnings.begin(), ps.warnings.end());
  unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::string run_key = run_fingerprint(o, ps, run_tags);

  // 2. The database: ours, for this repository, and no other run writing it.
  IndexLock lock(o.db);
  Store store(o.db, Store::Mode::Create);
  check_same_repo(store, repo, all_tags);
  BlobCache cache(store, matchers.specs());
  Pathspec spec(ps.files);
  TreeGraph graph(repo, spec);
  // Which matchers each node of the graph holds, summed once per node for
  // the tags and the commit search alike.
  TreePresence tp(graph, matchers.specs().size(), cache.hits());
  auto matcher = [&]() -> const Matcher& { return matchers.get(); };

  FactIndex facts(store, repo, extractors, jobs);
  try {
    if (store.meta("last_run_key") == run_key) {
      report.up_to_date = true;  // versions stand; commits may still be pending
    } else {
      NameScan names{store, graph, cache, tp, matchers, repo, jobs};
      std::vector<uint32_t> roots = walk_trees(names, every_tag, progress, report);  // 3.
      scan_new_blobs(names, progress, report);                                      // 4.
      save_presence(names, ps, run_tags, roots, run_key, progress, report);         // 5.
    }

    // 5b. Facts derived from the source, at every tag (its own fingerprint:
    //     an interrupted fact step is redone even when the names' stands).
    facts.index_tags(every_tag, tags.size(), run_key, progress, report.facts);
    if (o.facts) adopt_fact_answers(store);

    // 5c. Every identifier of the tree (its own key: a run with nothing new
    //     for them reads nothing).
    if (o.identifiers || ps.identifiers) {
      std::vector<std::string> files = !o.identifier_files.empty() ? o.identifier_files
                                       : !ps.identifier_files.empty() ? ps.identifier_files
                                                                      : default_identifier_files();
      report.identifiers = true;
      report.idents = index_identifiers(store, repo, tags, run_tags.series, files, !o.no_shapes, jobs, progress);
    }
  } catch (const MissingObject& e) {
    // Every answer at a tag is made of every blob under the pathspec there.
    throw Error(cat(e.what(), ". Without it no version at the selected tags can be computed; this run stops, and "
                              "the answers stored before it stand"));
  }

  // 6. Introducing commits, for what is new: names, then facts.
  find_commits(store, repo, graph, cache, tp, matcher, matchers.specs(), jobs, progress, report);
  find_backports(store, repo, graph, cache, tp, matcher, matchers.specs(), jobs, progress, report);
  index_citations(store, repo, run_tags.series, run_tags.mainline);
  facts.find_commits(progress, report.facts);
  CommitSearchReport fb = find_fact_backports(store, repo, facts, progress);  // 6c.
  report.warnings.insert(report.warnings.end(), fb.warnings.begin(), fb.warnings.end());
  report.backports_found += fb.found;
  report.backport_seconds += fb.seconds;
  report.warnings.insert(report.warnings.end(), report.facts.warnings.begin(), report.facts.warnings.end());
  if (o.facts) adopt_fact_answers(store);
  progress.done();
  report.seconds = seconds_since(t0);
  record_run(store, started, report.seconds, report.tags, report.patterns, report.blobs, report.blobs_scanned,
             report.bytes_scanned);
  return report;
}

}  // namespace ksince
