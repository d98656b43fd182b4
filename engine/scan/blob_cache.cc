#include "scan/blob_cache.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "repo/pack_order.h"

namespace ksince {

BlobCache::BlobCache(Store& store, const std::vector<MatchSpec>& specs) : store_(store) {
  Store::Transaction t(store_);
  Stmt ins = store_.prepare(
      "INSERT INTO matchers(spec) VALUES(?) ON CONFLICT(spec) DO UPDATE SET spec = spec RETURNING id");
  for (const MatchSpec& s : specs) {
    ins.bind(1, matcher_key(s));
    ins.step();
    local_.emplace(ins.i64(0), static_cast<uint32_t>(ids_.size()));
    ids_.push_back(ins.i64(0));
    ins.reset();
  }
  t.commit();
  for (Stmt s = store_.prepare("SELECT id, matchers FROM scan_sets"); s.step();)
    sets_[s.i64(0)] = nlohmann::json::parse(s.text(1)).get<std::vector<int64_t>>();
}

int64_t BlobCache::scan_set(std::vector<int64_t> matcher_ids) {
  std::sort(matcher_ids.begin(), matcher_ids.end());
  Stmt ins = store_.prepare(
      "INSERT INTO scan_sets(matchers) VALUES(?) "
      "ON CONFLICT(matchers) DO UPDATE SET matchers = matchers RETURNING id");
  ins.bind(1, nlohmann::json(matcher_ids).dump());
  ins.step();
  int64_t id = ins.i64(0);
  sets_[id] = std::move(matcher_ids);
  return id;
}

// What a blob holding these scan sets still lacks is the same for every blob
// holding them, so it is computed once per combination.
uint32_t BlobCache::lacking(const std::vector<int64_t>& sets) {
  auto it = lacking_for_.find(sets);
  if (it != lacking_for_.end()) return it->second;
  std::vector<int64_t> have;
  for (int64_t set : sets) have.insert(have.end(), sets_[set].begin(), sets_[set].end());
  std::sort(have.begin(), have.end());
  std::vector<uint32_t> out;
  for (uint32_t local = 0; local < ids_.size(); local++)
    if (!std::binary_search(have.begin(), have.end(), ids_[local])) out.push_back(local);
  uint32_t id = 0;
  if (!out.empty()) {
    id = static_cast<uint32_t>(lack_sets_.size());
    lack_sets_.push_back(std::move(out));
  }
  return lacking_for_.emplace(sets, id).first->second;
}

void BlobCache::load(const TreeGraph& g) {
  size_t from = loaded_, to = g.blob_count();
  if (from == to) return;
  hits_.resize(to);
  lacks_.resize(to);
  std::vector<std::pair<uint32_t, int64_t>> held;  // (blob, scan set), one per row
  auto add_hit = [&](uint32_t b, int64_t matcher) {
    auto m = local_.find(matcher);
    if (m != local_.end()) hits_[b].push_back(m->second);
  };
  if (to - from > 4096) {
    // Many new blobs (a first walk of many tags): one pass over the tables
    // beats a lookup per blob.
    // (No ORDER BY: sorting every row by blob id cost more than the pass;
    // each blob's few sets are sorted below.)
    for (Stmt s = store_.prepare("SELECT b.oid, s.scan_set_id FROM blob_scans s JOIN blobs b ON b.id = s.blob_id");
         s.step();) {
      auto b = g.find_blob(Oid::from_raw(s.blob(0).data()));
      if (b && *b >= from) held.emplace_back(*b, s.i64(1));
    }
    for (Stmt s = store_.prepare("SELECT b.oid, h.matcher_id FROM blob_hits h JOIN blobs b ON b.id = h.blob_id");
         s.step();) {
      auto b = g.find_blob(Oid::from_raw(s.blob(0).data()));
      if (b && *b >= from) add_hit(*b, s.i64(1));
    }
  } else {
    Stmt scans = store_.prepare("SELECT s.scan_set_id FROM blobs b JOIN blob_scans s ON s.blob_id = b.id "
                                "WHERE b.oid = ? ORDER BY 1");
    Stmt hits = store_.prepare("SELECT h.matcher_id FROM blobs b JOIN blob_hits h ON h.blob_id = b.id "
                               "WHERE b.oid = ?");
    for (size_t b = from; b < to; b++) {
      scans.bind_blob(1, g.blob(b).raw());
      while (scans.step()) held.emplace_back(b, scans.i64(0));
      scans.reset();
      hits.bind_blob(1, g.blob(b).raw());
      while (hits.step()) add_hit(b, hits.i64(0));
      hits.reset();
    }
  }
  std::sort(held.begin(), held.end());
  std::vector<int64_t> sets, last;
  uint32_t last_lack = lacking(last);
  for (size_t b = from, h = 0; b < to; b++) {
    std::sort(hits_[b].begin(), hits_[b].end());
    sets.clear();
    for (; h < held.size() && held[h].first == b; h++) sets.push_back(held[h].second);
    if (sets != last) {  // most blobs hold what the one before held
      last_lack = lacking(sets);
      last = sets;
    }
    lacks_[b] = last_lack;
  }
  loaded_ = to;
}

std::map<std::vector<uint32_t>, std::vector<uint32_t>> BlobCache::plan() const {
  std::map<std::vector<uint32_t>, std::vector<uint32_t>> out;
  for (uint32_t b = 0; b < lacks_.size(); b++)
    if (lacks_[b]) out[lack_sets_[lacks_[b]]].push_back(b);
  return out;
}

void BlobCache::scan(const TreeGraph& g, const Matcher& all, const std::vector<MatchSpec>& specs,
                     const std::string& git_dir, unsigned jobs,
                     const std::function<void(size_t, uint64_t)>& on_batch) {
  size_t done = 0;
  uint64_t bytes = 0;
  for (const auto& [locals, blob_idx] : plan()) {
    // A blob lacking every matcher uses the run's database; one lacking only
    // some (the patterns file grew) gets a database of just those.
    std::unique_ptr<Matcher> sub;
    if (locals.size() != specs.size()) {
      std::vector<MatchSpec> some;
      for (uint32_t l : locals) some.push_back(specs[l]);
      sub = std::make_unique<Matcher>(some);
    }
    std::vector<int64_t> set_ids;
    for (uint32_t l : locals) set_ids.push_back(ids_[l]);
    int64_t set_id = scan_set(set_ids);
    std::vector<Oid> oids;
    for (uint32_t b : blob_idx) oids.push_back(g.blob(b));
    std::vector<uint32_t> order;  // graph blob of each position in `oids`
    std::vector<Oid> sorted;
    for (size_t i : pack_order(git_dir, oids)) {
      order.push_back(blob_idx[i]);
      sorted.push_back(oids[i]);
    }
    oids.swap(sorted);
    // clang 14 cannot capture a structured binding in a lambda (the fuzz build).
    const std::vector<uint32_t>& these = locals;
    scan_blobs(git_dir, sub ? *sub : all, oids, jobs, [&](std::vector<ScannedBlob>& batch) {
      save(g, order, batch, set_id, these);
      done += batch.size();
      for (const auto& b : batch) bytes += b.size;
      on_batch(done, bytes);
    });
  }
}

void BlobCache::save(const TreeGraph& g, const std::vector<uint32_t>& blobs,
                     const std::vector<ScannedBlob>& batch, int64_t set_id,
                     const std::vector<uint32_t>& locals) {
  Store::Transaction t(store_);
  Stmt blob = store_.prepare(
      "INSERT INTO blobs(oid, size) VALUES(?, ?) "
      "ON CONFLICT(oid) DO UPDATE SET size = excluded.size RETURNING id");
  Stmt scan = store_.prepare("INSERT OR IGNORE INTO blob_scans(blob_id, scan_set_id) VALUES(?, ?)");
  Stmt hit = store_.prepare("INSERT OR IGNORE INTO blob_hits(blob_id, matcher_id) VALUES(?, ?)");
  for (const ScannedBlob& sb : batch) {
    uint32_t b = blobs[sb.index];
    blob.bind_blob(1, g.blob(b).raw()).bind(2, static_cast<int64_t>(sb.size));
    blob.step();
    int64_t id = blob.i64(0);
    blob.reset();
    scan.bind(1, id).bind(2, set_id).run();
    for (uint32_t h : sb.hits) hit.bind(1, id).bind(2, ids_[locals[h]]).run();
  }
  t.commit();
  // Only once the rows are committed does memory say the blob is done.
  for (const ScannedBlob& sb : batch) {
    uint32_t b = blobs[sb.index];
    for (uint32_t h : sb.hits) hits_[b].push_back(locals[h]);
    std::sort(hits_[b].begin(), hits_[b].end());
    lacks_[b] = 0;
  }
}

}  // namespace ksince
