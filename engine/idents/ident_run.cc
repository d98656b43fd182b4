#include "idents/ident_run.h"

#include <algorithm>
#include <iterator>
#include <thread>

#include "idents/ident_reader.h"
#include "idents/ident_record.h"
#include "scan/blob_reader.h"
#include "store/packed_text.h"
#include "util/error.h"

namespace ksince {

namespace {
using Clock = std::chrono::steady_clock;
}  // namespace

void IdentRun::collect(bool by_key) {
  node_recs_.resize(graph_.node_count());
  for (uint32_t n = 0; n < graph_.node_count(); n++) {
    const TreeGraph::Node& node = graph_.node(n);
    for (size_t f = 0; f < node.blobs.size(); f++) {
      DefSyntax syntax = def_syntax_of(graph_.text(node.names[f]));
      uint64_t key = uint64_t(node.blobs[f]) << 3 | static_cast<uint64_t>(syntax);
      auto [it, fresh] = rec_of_.emplace(key, static_cast<uint32_t>(recs_.size()));
      if (fresh) recs_.push_back(Rec{node.blobs[f], syntax, false, {}, {}, {}});
      node_recs_[n].push_back(it->second);
    }
  }
  report_.blobs = recs_.size();
  progress_.update(cat("identifiers: loading what the index knows of ", recs_.size(), " files"), true);
  by_key ? load_by_key() : load_scan();
}

void IdentRun::load_scan() {
  Stmt s = store_.prepare("SELECT b.oid, i.key, i.words, i.defs, i.shapes FROM ident_blobs i "
                          "JOIN blobs b ON b.id = i.key >> 3 WHERE i.reader = ?");
  s.bind(1, int64_t(kIdentReaderVersion));
  while (s.step()) {
    auto b = graph_.find_blob(Oid::from_raw(s.blob(0).data()));
    if (!b) continue;
    auto it = rec_of_.find(uint64_t(*b) << 3 | (uint64_t(s.i64(1)) & 7));
    if (it == rec_of_.end()) continue;
    take_row(recs_[it->second], s, 2);
  }
}

// A stored record's columns (words, defs, shapes from `words_col`): it is
// had unless the run wants shapes and it was read without.
void IdentRun::take_row(Rec& r, Stmt& s, int words_col) {
  const bool no_shapes = s.is_null(words_col + 2);
  if (shapes_ && no_shapes) return;
  r.words = s.blob(words_col);
  r.defs = s.blob(words_col + 1);
  r.shapes = no_shapes ? std::string() : s.blob(words_col + 2);
  r.have = true;
}

void IdentRun::load_by_key() {
  // One read transaction: outside one, each lookup takes and drops the
  // database's locks (fcntl calls), which cost more than the lookup.
  Store::Transaction read(store_);
  // The blobs' ids from one pass over the table (a lookup per blob in its
  // oid index costs more), then the records in key order.
  std::vector<std::pair<int64_t, uint32_t>> keys;  // ident_blobs.key -> record
  std::vector<int64_t> id_of(graph_.blob_count(), 0);
  for (Stmt s = store_.prepare("SELECT oid, id FROM blobs"); s.step();)
    if (auto b = graph_.find_blob(Oid::from_raw(s.blob(0).data()))) id_of[*b] = s.i64(1);
  for (uint32_t ri = 0; ri < recs_.size(); ri++)
    if (int64_t id = id_of[recs_[ri].blob]) keys.push_back({id * 8 + static_cast<int64_t>(recs_[ri].syntax), ri});
  std::sort(keys.begin(), keys.end());
  Stmt rec = store_.prepare("SELECT words, defs, shapes FROM ident_blobs WHERE key = ? AND reader = ?");
  for (auto [key, ri] : keys) {
    rec.bind(1, key).bind(2, int64_t(kIdentReaderVersion));
    if (rec.step()) take_row(recs_[ri], rec, 0);
    rec.reset();
  }
  read.commit();
}

namespace {

// A reading thread's work: each blob's record under each syntax it is held
// under, with ids from `names`.
BlobWork<IdentRun::ReadBlob> record_reader(const std::vector<std::vector<DefSyntax>>& syntaxes, NameTable& names,
                                           bool shapes) {
  auto cache = std::make_shared<NameCache>(names);
  return [&syntaxes, cache, shapes, scratch = IdentScratch()](uint32_t i, const std::string& text,
                                                                IdentRun::ReadBlob& out) mutable {
    out.item = i;
    out.size = text.size();
    for (DefSyntax syn : syntaxes[i]) {
      IdentRecord r = read_ident_record(text, syn, *cache, scratch, shapes ? &out.texts : nullptr);
      for (uint32_t id : r.words) out.max_id = std::max(out.max_id, id), out.any_id = true;
      for (const IdentDef& d : r.defs) out.max_id = std::max(out.max_id, d.id), out.any_id = true;
      for (const IdentShape& d : r.shapes) out.max_id = std::max(out.max_id, d.id), out.any_id = true;
      out.words.push_back(encode_words(r.words));
      out.defs.push_back(encode_defs(r.defs));
      out.shapes.push_back(encode_shapes(r.shapes));
    }
  };
}

// A record's lists with each id mapped through `real`, in ascending order again.
void remap(std::string& words, std::string& defs, std::string& shapes, const std::vector<uint32_t>& real) {
  IdentRecord r;
  decode_words(words, r.words, "a record read");
  decode_defs(defs, r.defs, "a record read");
  decode_shapes(shapes, r.shapes, "a record read");
  for (uint32_t& id : r.words) id = real[id];
  for (IdentDef& d : r.defs) d.id = real[d.id];
  for (IdentShape& d : r.shapes) d.id = real[d.id];
  std::sort(r.words.begin(), r.words.end());
  std::sort(r.defs.begin(), r.defs.end());
  std::sort(r.shapes.begin(), r.shapes.end());
  words = encode_words(r.words);
  defs = encode_defs(r.defs);
  shapes = encode_shapes(r.shapes);
}

}  // namespace

void IdentRun::read_new() {
  std::unordered_map<uint32_t, std::vector<uint32_t>> lacking;  // blob -> its records lacking
  std::vector<uint32_t> order;
  for (uint32_t i = 0; i < recs_.size(); i++) {
    if (recs_[i].have) continue;
    auto& l = lacking[recs_[i].blob];
    if (l.empty()) order.push_back(recs_[i].blob);
    l.push_back(i);
  }
  if (order.empty()) return;
  std::vector<Oid> oids;
  std::vector<std::vector<DefSyntax>> syntaxes;
  for (uint32_t b : order) {
    oids.push_back(graph_.blob(b));
    syntaxes.emplace_back();
    for (uint32_t r : lacking[b]) syntaxes.back().push_back(recs_[r].syntax);
  }
  // A few blobs against a large index (a nightly step): looking up the
  // names they hold costs far less than loading every name.
  const uint32_t known = names_count();
  if (order.size() <= std::min<size_t>(16384, known / 64)) return read_few(oids, syntaxes, order, lacking);
  for (Stmt s = store_.prepare("SELECT name, id FROM ident_names"); s.step();)
    names_.load(s.text(0), static_cast<uint32_t>(s.i64(1)));
  persisted_ = names_.size();
  // Millions of names go into the name tree in no order across batches:
  // with SQLite's default 2 MB page cache each insert reads and writes
  // pages through the kernel; 256 MiB holds the tree's pages.
  store_.exec("PRAGMA cache_size = -262144");
  auto t0 = Clock::now();
  read_blobs<ReadBlob>(
      repo_.git_dir(), oids, jobs_, [&]() { return record_reader(syntaxes, names_, shapes_); },
      [&](std::vector<ReadBlob>& batch) {
        save_batch(batch, order, lacking);
        if (Clock::now() - committed_ >= std::chrono::seconds(2)) commit();
        double s = std::chrono::duration<double>(Clock::now() - t0).count();
        progress_.update(cat("identifiers: read ", report_.blobs_read, "/", order.size(), " blobs, ",
                             report_.bytes_read >> 20, " MB, ", s > 0 ? uint64_t(report_.bytes_read / s) >> 20 : 0,
                             " MB/s, ", names_.size(), " names"));
      });
  commit();
  report_.names_new = names_.size() - known;
}

void IdentRun::read_few(const std::vector<Oid>& oids, const std::vector<std::vector<DefSyntax>>& syntaxes,
                        const std::vector<uint32_t>& order,
                        std::unordered_map<uint32_t, std::vector<uint32_t>>& lacking) {
  // Read with ids of their own, then each name given the index's id or the
  // next one, and the records written with those: names and records in one
  // transaction, as a batch of the long path is.
  NameTable local;
  std::vector<ReadBlob> all;
  read_blobs<ReadBlob>(
      repo_.git_dir(), oids, jobs_, [&]() { return record_reader(syntaxes, local, shapes_); },
      [&](std::vector<ReadBlob>& batch) { std::move(batch.begin(), batch.end(), std::back_inserter(all)); });
  Store::Transaction tx(store_);
  const uint32_t known = names_count();
  uint32_t next = known;
  std::vector<uint32_t> real(local.size());
  Stmt find = store_.prepare("SELECT id FROM ident_names WHERE name = ?");
  Stmt add = store_.prepare("INSERT INTO ident_names(name, id) VALUES (?, ?)");
  for (uint32_t p = 0; p < local.size(); p++) {
    std::string_view name = local.name(p);
    if (find.bind(1, name).step()) {
      real[p] = static_cast<uint32_t>(find.i64(0));
    } else {
      real[p] = next++;
      add.bind(1, name).bind(2, int64_t(real[p])).run();
    }
    find.reset();
  }
  store_.set_meta("ident_next_id", std::to_string(next));
  report_.names_looked_up = local.size();
  for (ReadBlob& b : all)
    for (size_t k = 0; k < b.words.size(); k++) remap(b.words[k], b.defs[k], b.shapes[k], real);
  save_records(all, order, lacking);
  tx.commit();
  names_count_ = next;
  report_.names_new = next - known;
}

IdentTagSets IdentRun::presence(const std::vector<uint32_t>& roots) {
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

std::vector<uint64_t> IdentRun::held_by(const std::vector<uint32_t>& roots) {
  if (roots.size() > 64) throw Error("internal: more than 64 trees asked of at once");
  std::vector<uint64_t> held(recs_.size(), 0);
  std::vector<uint32_t> node_seen(graph_.node_count(), UINT32_MAX), stack;
  for (uint32_t t = 0; t < roots.size(); t++) {
    stack.assign(1, roots[t]);
    while (!stack.empty()) {
      uint32_t n = stack.back();
      stack.pop_back();
      if (node_seen[n] == t) continue;
      node_seen[n] = t;
      for (uint32_t c : graph_.node(n).children) stack.push_back(c);
      for (uint32_t ri : node_recs_[n]) held[ri] |= uint64_t(1) << t;
    }
  }
  return held;
}

void IdentRun::visit_records(const std::vector<uint64_t>& held, const std::function<bool(uint64_t)>& want,
                             const std::function<void(uint64_t, const IdentRecord&)>& visit) {
  IdentRecord r;
  for (uint32_t ri = 0; ri < recs_.size(); ri++) {
    if (!want(held[ri])) continue;
    const Rec& rec = recs_[ri];
    if (!rec.have) throw Error("internal: an identifier record was not read");
    decode_words(rec.words, r.words, "ident_blobs.words");
    decode_defs(rec.defs, r.defs, "ident_blobs.defs");
    visit(held[ri], r);
  }
}

uint32_t IdentRun::names_count() {
  if (names_count_ == UINT32_MAX) {
    names_count_ = static_cast<uint32_t>(std::stoul(store_.meta("ident_next_id").value_or("0")));
  }
  return names_count_;
}

void IdentRun::save_batch(std::vector<ReadBlob>& batch, const std::vector<uint32_t>& order,
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
  save_records(batch, order, lacking);
  persisted_ = upto;
  names_count_ = std::max(names_count_ == UINT32_MAX ? 0 : names_count_, upto);
}

void IdentRun::save_records(std::vector<ReadBlob>& batch, const std::vector<uint32_t>& order,
                            std::unordered_map<uint32_t, std::vector<uint32_t>>& lacking) {
  Stmt blob = store_.prepare("INSERT OR IGNORE INTO blobs(oid, size) VALUES (?, ?)");
  Stmt blob_id = store_.prepare("SELECT id FROM blobs WHERE oid = ?");
  Stmt rec = store_.prepare(
      "INSERT OR REPLACE INTO ident_blobs(key, reader, words, defs, shapes) VALUES (?, ?, ?, ?, ?)");
  Stmt text = store_.prepare("INSERT OR IGNORE INTO ident_shape_texts(hash, text) VALUES (?, ?)");
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
      rec.bind(1, key).bind(2, int64_t(kIdentReaderVersion)).bind_blob(3, b.words[k]).bind_blob(4, b.defs[k]);
      shapes_ ? rec.bind_blob(5, b.shapes[k]) : rec.bind_null(5);
      rec.run();
      r.words = std::move(b.words[k]);
      r.defs = std::move(b.defs[k]);
      r.shapes = std::move(b.shapes[k]);
      r.have = true;
    }
    for (const auto& [hash, t] : b.texts)
      if (texts_saved_.insert(hash).second) text.bind(1, static_cast<int64_t>(hash)).bind_blob(2, pack_text(t)).run();
    report_.blobs_read++;
    report_.bytes_read += b.size;
  }
}

// Commits every few seconds, not every batch: a batch's new names land
// all over the name tree, and each commit writes every page it touched
// to the WAL again. A kill loses at most this much reading.
void IdentRun::commit() {
  if (tx_) tx_->commit();
  tx_.reset();
  committed_ = Clock::now();
}

namespace {

// The nodes `roots` reach.
std::vector<uint8_t> reached(const TreeGraph& g, const std::vector<uint32_t>& roots) {
  std::vector<uint8_t> seen(g.node_count(), 0);
  std::vector<uint32_t> stack(roots.begin(), roots.end());
  while (!stack.empty()) {
    uint32_t n = stack.back();
    stack.pop_back();
    if (seen[n]) continue;
    seen[n] = 1;
    for (uint32_t c : g.node(n).children) stack.push_back(c);
  }
  return seen;
}

}  // namespace

void IdentRun::save_shape_paths(const std::vector<uint32_t>& roots, const std::vector<uint32_t>& known) {
  if (!shapes_) return;
  const std::vector<uint8_t> old = reached(graph_, known), now = reached(graph_, roots);
  std::unordered_map<std::string, int64_t> path_id;
  int64_t next = 1;
  for (Stmt s = store_.prepare("SELECT path, id FROM ident_paths"); s.step();) {
    path_id.emplace(s.text(0), s.i64(1));
    next = std::max(next, s.i64(1) + 1);
  }
  Stmt add_path = store_.prepare("INSERT INTO ident_paths(id, path) VALUES (?, ?)");
  std::vector<uint64_t> pairs;  // ident id << 32 | path id
  std::vector<IdentShape> shapes;
  std::vector<IdentDef> defs;
  for (uint32_t n = 0; n < graph_.node_count(); n++) {
    if (!now[n] || old[n]) continue;
    const TreeGraph::Node& node = graph_.node(n);
    for (size_t f = 0; f < node_recs_[n].size(); f++) {
      const Rec& rec = recs_[node_recs_[n][f]];
      const std::string& dir = graph_.text(node.path);
      // A header's object-like macros too, which keep no shape entry.
      const bool header = dir == "include" || dir.rfind("include/", 0) == 0 ||
                          (dir.rfind("arch/", 0) == 0 && dir.find("/include") != std::string::npos);
      if (rec.shapes.empty() && !header) continue;
      decode_shapes(rec.shapes, shapes, "ident_blobs.shapes");
      std::string path = dir.empty() ? graph_.text(node.names[f]) : dir + "/" + graph_.text(node.names[f]);
      auto [it, fresh] = path_id.emplace(path, next);
      if (fresh) add_path.bind(1, next++).bind(2, path).run();
      const uint64_t pid = uint64_t(it->second);
      for (const IdentShape& s : shapes) pairs.push_back(uint64_t(s.id) << 32 | pid);
      if (!header) continue;
      decode_defs(rec.defs, defs, "ident_blobs.defs");
      for (const IdentDef& d : defs)
        if (d.kind == DefKind::Macro) pairs.push_back(uint64_t(d.id) << 32 | pid);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  // One row per name: its paths merged with the stored ones.
  Stmt get = store_.prepare("SELECT paths FROM ident_shape_paths WHERE ident_id = ?");
  Stmt put = store_.prepare("INSERT OR REPLACE INTO ident_shape_paths(ident_id, paths) VALUES (?, ?)");
  std::vector<uint32_t> stored, merged;
  for (size_t i = 0; i < pairs.size();) {
    const uint32_t id = static_cast<uint32_t>(pairs[i] >> 32);
    stored.clear();
    if (get.bind(1, int64_t(id)).step()) decode_words(get.blob(0), stored, "ident_shape_paths.paths");
    get.reset();
    merged = stored;
    for (; i < pairs.size() && (pairs[i] >> 32) == id; i++) merged.push_back(static_cast<uint32_t>(pairs[i]));
    std::sort(merged.begin(), merged.end());
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
    if (merged != stored) put.bind(1, int64_t(id)).bind_blob(2, encode_words(merged)).run();
  }
}

}  // namespace ksince
