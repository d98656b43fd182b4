#include "idents/ident_index.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>

#include "facts/identifier_defs.h"
#include "idents/ident_presence.h"
#include "idents/ident_reader.h"
#include "idents/ident_record.h"
#include "idents/ident_tags.h"
#include "store/series_answers.h"
#include "idents/name_table.h"
#include "repo/pathspec.h"
#include "repo/tree_graph.h"
#include "scan/blob_reader.h"
#include "util/error.h"
#include "util/release_memory.h"

namespace ksince {

namespace {

using Clock = std::chrono::steady_clock;

// One blob as one syntax: what a tag's presence is made of.
struct Rec {
  uint32_t blob;
  DefSyntax syntax;
  bool have = false;
  std::string words, defs;  // encoded (ident_record.h)
};

// What a worker made of one blob: a record per syntax it is held under.
struct ReadBlob {
  uint32_t item = 0;  // position in the list read
  uint64_t size = 0;
  std::vector<std::string> words, defs;
  uint32_t max_id = 0;
  bool any_id = false;
};

class IdentRun {
 public:
  IdentRun(Store& store, const Repo& repo, const std::vector<std::string>& files, unsigned jobs, Progress& progress,
           IdentReport& report)
      : store_(store), repo_(repo), spec_(files), graph_(repo, spec_), jobs_(jobs), progress_(progress),
        report_(report) {}

  uint32_t add_tag(const TagInfo& t) { return graph_.add_root(t.tree); }

  // Every (blob, syntax) the graph holds, with the records the index has.
  void collect() {
    node_recs_.resize(graph_.node_count());
    for (uint32_t n = 0; n < graph_.node_count(); n++) {
      const TreeGraph::Node& node = graph_.node(n);
      for (size_t f = 0; f < node.blobs.size(); f++) {
        DefSyntax syntax = def_syntax_of(graph_.text(node.names[f]));
        uint64_t key = uint64_t(node.blobs[f]) << 3 | static_cast<uint64_t>(syntax);
        auto [it, fresh] = rec_of_.emplace(key, static_cast<uint32_t>(recs_.size()));
        if (fresh) recs_.push_back(Rec{node.blobs[f], syntax, false, {}, {}});
        node_recs_[n].push_back(it->second);
      }
    }
    report_.blobs = recs_.size();
    progress_.update(cat("identifiers: loading what the index knows of ", recs_.size(), " files"), true);
    Stmt s = store_.prepare("SELECT b.oid, i.key, i.words, i.defs FROM ident_blobs i "
                            "JOIN blobs b ON b.id = i.key >> 3 WHERE i.reader = ?");
    s.bind(1, int64_t(kIdentReaderVersion));
    while (s.step()) {
      auto b = graph_.find_blob(Oid::from_raw(s.blob(0).data()));
      if (!b) continue;
      auto it = rec_of_.find(uint64_t(*b) << 3 | (uint64_t(s.i64(1)) & 7));
      if (it == rec_of_.end()) continue;
      Rec& r = recs_[it->second];
      r.words = s.blob(2);
      r.defs = s.blob(3);
      r.have = true;
    }
  }

  // Reads what the index lacks, each blob once, committing as it goes.
  void read_new() {
    std::unordered_map<uint32_t, std::vector<uint32_t>> lacking;  // blob -> its records lacking
    std::vector<uint32_t> order;
    for (uint32_t i = 0; i < recs_.size(); i++) {
      if (recs_[i].have) continue;
      auto& l = lacking[recs_[i].blob];
      if (l.empty()) order.push_back(recs_[i].blob);
      l.push_back(i);
    }
    if (order.empty()) return;
    for (Stmt s = store_.prepare("SELECT name, id FROM ident_names"); s.step();)
      names_.load(s.text(0), static_cast<uint32_t>(s.i64(1)));
    persisted_ = names_.size();
    // Millions of names go into the name tree in no order across batches:
    // with SQLite's default 2 MB page cache each insert reads and writes
    // pages through the kernel; 256 MiB holds the tree's pages.
    store_.exec("PRAGMA cache_size = -262144");
    const uint32_t known = names_.size();
    std::vector<Oid> oids;
    std::vector<std::vector<DefSyntax>> syntaxes;
    for (uint32_t b : order) {
      oids.push_back(graph_.blob(b));
      syntaxes.emplace_back();
      for (uint32_t r : lacking[b]) syntaxes.back().push_back(recs_[r].syntax);
    }
    auto t0 = Clock::now();
    read_blobs<ReadBlob>(
        repo_.git_dir(), oids, jobs_,
        [&]() -> BlobWork<ReadBlob> {
          auto cache = std::make_shared<NameCache>(names_);
          return [&syntaxes, cache, scratch = IdentScratch()](
                     uint32_t i, const std::string& text, ReadBlob& out) mutable {
            out.item = i;
            out.size = text.size();
            for (DefSyntax syn : syntaxes[i]) {
              IdentRecord r = read_ident_record(text, syn, *cache, scratch);
              for (uint32_t id : r.words) out.max_id = std::max(out.max_id, id), out.any_id = true;
              for (const IdentDef& d : r.defs) out.max_id = std::max(out.max_id, d.id), out.any_id = true;
              out.words.push_back(encode_words(r.words));
              out.defs.push_back(encode_defs(r.defs));
            }
          };
        },
        [&](std::vector<ReadBlob>& batch) {
          save_batch(batch, order, lacking);
          if (Clock::now() - committed_ >= kCommitEvery) commit();
          double s = std::chrono::duration<double>(Clock::now() - t0).count();
          progress_.update(cat("identifiers: read ", report_.blobs_read, "/", order.size(), " blobs, ",
                               report_.bytes_read >> 20, " MB, ", s > 0 ? uint64_t(report_.bytes_read / s) >> 20 : 0,
                               " MB/s, ", names_.size(), " names"));
        });
    commit();
    report_.names_new = names_.size() - known;
  }

  // Which identifiers each of `roots` (oldest first) mentions and defines.
  IdentTagSets presence(const std::vector<uint32_t>& roots) {
    IdentTagSets sets(roots.size(), names_count());
    std::vector<uint32_t> node_seen(graph_.node_count(), UINT32_MAX), rec_seen(recs_.size(), UINT32_MAX);
    IdentRecord r;
    std::vector<uint32_t> stack;
    for (size_t t = roots.size(); t-- > 0;) {  // newest first: the kinds rule
      stack.assign(1, roots[t]);
      while (!stack.empty()) {
        uint32_t n = stack.back();
        stack.pop_back();
        if (node_seen[n] == t) continue;
        node_seen[n] = static_cast<uint32_t>(t);
        for (uint32_t c : graph_.node(n).children) stack.push_back(c);
        for (uint32_t ri : node_recs_[n]) {
          if (rec_seen[ri] == t) continue;
          rec_seen[ri] = static_cast<uint32_t>(t);
          const Rec& rec = recs_[ri];
          if (!rec.have) throw Error("internal: an identifier record was not read");
          decode_words(rec.words, r.words, "ident_blobs.words");
          decode_defs(rec.defs, r.defs, "ident_blobs.defs");
          sets.add(t, r);
        }
      }
      sets.finish_tag();
    }
    return sets;
  }

  uint32_t names_count() {
    if (names_count_ == UINT32_MAX) {
      names_count_ = static_cast<uint32_t>(std::stoul(store_.meta("ident_next_id").value_or("0")));
    }
    return names_count_;
  }

 private:
  void save_batch(std::vector<ReadBlob>& batch, const std::vector<uint32_t>& order,
                  std::unordered_map<uint32_t, std::vector<uint32_t>>& lacking) {
    if (!tx_) tx_.emplace(store_);
    // Every name a record of the batch refers to is written with it (ids
    // are dense: all ids below the largest, each once its insert is done).
    uint32_t upto = persisted_;
    for (const ReadBlob& b : batch)
      if (b.any_id) upto = std::max(upto, b.max_id + 1);
    if (upto > persisted_) {
      // In name order: the tree's pages are met in order within a batch.
      std::vector<std::pair<std::string_view, uint32_t>> added;
      for (uint32_t id = persisted_; id < upto; id++) {
        std::string_view n;
        while ((n = names_.name(id)).empty()) std::this_thread::yield();  // its insert is finishing
        added.emplace_back(n, id);
      }
      std::sort(added.begin(), added.end());
      Stmt ins = store_.prepare("INSERT INTO ident_names(name, id) VALUES (?, ?)");
      for (auto [n, id] : added) ins.bind(1, n).bind(2, int64_t(id)).run();
      store_.set_meta("ident_next_id", std::to_string(upto));
    }
    Stmt blob = store_.prepare("INSERT OR IGNORE INTO blobs(oid, size) VALUES (?, ?)");
    Stmt blob_id = store_.prepare("SELECT id FROM blobs WHERE oid = ?");
    Stmt rec = store_.prepare("INSERT OR REPLACE INTO ident_blobs(key, reader, words, defs) VALUES (?, ?, ?, ?)");
    for (ReadBlob& b : batch) {
      uint32_t gb = order[b.item];
      const Oid& oid = graph_.blob(gb);
      blob.bind_blob(1, oid.raw()).bind(2, int64_t(b.size)).run();
      blob_id.bind_blob(1, oid.raw());
      if (!blob_id.step()) throw Error("internal: a blob row vanished");
      int64_t id = blob_id.i64(0);
      blob_id.reset();
      const std::vector<uint32_t>& recs = lacking.at(gb);
      for (size_t k = 0; k < recs.size(); k++) {
        Rec& r = recs_[recs[k]];
        int64_t key = id * 8 + static_cast<int64_t>(r.syntax);
        rec.bind(1, key).bind(2, int64_t(kIdentReaderVersion)).bind_blob(3, b.words[k]).bind_blob(4, b.defs[k]).run();
        r.words = std::move(b.words[k]);
        r.defs = std::move(b.defs[k]);
        r.have = true;
      }
      report_.blobs_read++;
      report_.bytes_read += b.size;
    }
    persisted_ = upto;
    names_count_ = std::max(names_count_ == UINT32_MAX ? 0 : names_count_, upto);
  }

  // Commits every few seconds, not every batch: a batch's new names land
  // all over the name tree, and each commit writes every page it touched
  // to the WAL again. A kill loses at most this much reading.
  static constexpr auto kCommitEvery = std::chrono::seconds(2);
  void commit() {
    if (tx_) tx_->commit();
    tx_.reset();
    committed_ = Clock::now();
  }

  Store& store_;
  const Repo& repo_;
  std::optional<Store::Transaction> tx_;
  Clock::time_point committed_ = Clock::now();
  Pathspec spec_;
  TreeGraph graph_;
  unsigned jobs_;
  Progress& progress_;
  IdentReport& report_;
  NameTable names_;
  uint32_t persisted_ = 0;
  uint32_t names_count_ = UINT32_MAX;
  std::vector<Rec> recs_;
  std::unordered_map<uint64_t, uint32_t> rec_of_;  // blob << 3 | syntax -> record
  std::vector<std::vector<uint32_t>> node_recs_;
};

// Where each tag's presence sits in the run's tag sets: the series' points
// first (each series oldest first), then the releases oldest first.
struct Layout {
  struct Slice {
    int64_t series_id;
    size_t first, count;
  };
  std::vector<Slice> series;
  size_t releases_first = 0, releases = 0;
};

// One row of ident_answers as a fresh index writes it.
struct Row {
  std::string mentioned, defined, series;
  uint32_t kinds = 0;
};
Row row_of(const IdentTagSets& cur, const Layout& l, uint32_t id) {
  Row r{cur.runs(id, false, l.releases_first, l.releases), cur.runs(id, true, l.releases_first, l.releases), "",
        cur.kinds(id)};
  if (!l.series.empty()) {
    std::vector<SeriesRuns> per;
    for (const Layout::Slice& s : l.series)
      per.push_back({s.series_id, cur.runs(id, false, s.first, s.count), cur.runs(id, true, s.first, s.count)});
    r.series = encode_series_runs(per);
  }
  return r;
}

// Writes the answers that differ from the stored ones, and deletes the rows
// of identifiers no selected tag has: what is stored after it is what a fresh
// index writes. The stored rows themselves are the "before", not a replay of
// the last run from the tags' names, which a moved tag or a new reader would
// make look unchanged.
void save_changed_answers(Store& store, const IdentTagSets& cur, const Layout& layout, IdentReport& report) {
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
      Row r = row_of(cur, layout, id);
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
    Row r = row_of(cur, layout, id);
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
                      const std::vector<std::string>& files) {
  nlohmann::json key = nlohmann::json::array();
  for (auto it = tags.rbegin(); it != tags.rend(); ++it)  // oldest first
    key.push_back({it->name, it->tree.hex(), it->commit.hex()});
  for (const Series& s : series)  // none: the key an index had before series
    for (const SeriesPoint& p : s.points)
      key.push_back({p.tag.name, p.tag.tree.hex(), p.tag.commit.hex(), s.name, point_label(s.name, p.place)});
  key.push_back(files);
  key.push_back(kIdentReaderVersion);
  return key.dump();
}

}  // namespace

IdentReport index_identifiers(Store& store, const Repo& repo, const std::vector<TagInfo>& tags,
                              const std::vector<Series>& series, const std::vector<std::string>& files, unsigned jobs,
                              Progress& progress) {
  auto t0 = Clock::now();
  IdentReport report;
  const std::string key = ident_key(tags, series, files);
  if (store.meta("ident_key") == key) {
    report.names = std::stoul(store.meta("ident_next_id").value_or("0"));
    return report;
  }

  IdentRun run(store, repo, files, jobs, progress, report);
  progress.update("identifiers: walking trees", true);
  std::vector<uint32_t> roots;
  Layout layout;
  std::vector<int64_t> series_ids = ident_series_ids(store, series);
  for (size_t i = 0; i < series.size(); i++) {
    layout.series.push_back({series_ids[i], roots.size(), series[i].points.size()});
    for (const SeriesPoint& p : series[i].points) roots.push_back(run.add_tag(p.tag));
  }
  layout.releases_first = roots.size();
  layout.releases = tags.size();
  for (auto it = tags.rbegin(); it != tags.rend(); ++it) roots.push_back(run.add_tag(*it));
  auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
  auto t_read = Clock::now();
  run.collect();
  run.read_new();
  report.read_seconds = since(t_read);

  auto t_presence = Clock::now();
  progress.update("identifiers: presence at every tag", true);
  IdentTagSets cur = run.presence(roots);
  release_free_memory();
  report.presence_seconds = since(t_presence);

  auto t_save = Clock::now();
  progress.update("identifiers: saving the answers", true);
  Store::Transaction tx(store);
  save_changed_answers(store, cur, layout, report);
  write_ident_tags(store, tags, series, series_ids);
  store.set_meta("ident_scope", nlohmann::json(files).dump());
  store.exec("DELETE FROM meta WHERE key = 'ident_answered'");  // kept by indexes before the rows were compared
  store.set_meta("ident_key", key);
  tx.commit();
  report.save_seconds = since(t_save);
  report.names = cur.ids();
  report.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return report;
}

}  // namespace ksince
