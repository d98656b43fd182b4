#include "blob_cache.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace ksince {

std::vector<int64_t> BlobCache::matcher_ids(const std::vector<MatchSpec>& specs) {
  Store::Transaction t(store_);
  Stmt ins = store_.prepare(
      "INSERT INTO matchers(spec) VALUES(?) ON CONFLICT(spec) DO UPDATE SET spec = spec RETURNING id");
  std::vector<int64_t> ids;
  for (const MatchSpec& s : specs) {
    ins.bind(1, s.key());
    ins.step();
    ids.push_back(ins.i64(0));
    ins.reset();
  }
  t.commit();
  return ids;
}

int64_t BlobCache::scan_set(std::vector<int64_t> matchers) {
  std::sort(matchers.begin(), matchers.end());
  Stmt ins = store_.prepare(
      "INSERT INTO scan_sets(matchers) VALUES(?) "
      "ON CONFLICT(matchers) DO UPDATE SET matchers = matchers RETURNING id");
  ins.bind(1, nlohmann::json(matchers).dump());
  ins.step();
  return ins.i64(0);
}

std::map<std::vector<uint32_t>, std::vector<uint32_t>> BlobCache::plan(
    const TreeGraph& g, const std::vector<int64_t>& matchers) {
  std::unordered_map<int64_t, std::vector<int64_t>> sets;
  for (Stmt s = store_.prepare("SELECT id, matchers FROM scan_sets"); s.step();)
    sets[s.i64(0)] = nlohmann::json::parse(s.text(1)).get<std::vector<int64_t>>();

  // Scan sets of each cached blob that the graph holds.
  std::unordered_map<uint32_t, std::vector<int64_t>> covered;
  for (Stmt s = store_.prepare("SELECT b.oid, s.scan_set_id FROM blob_scans s "
                               "JOIN blobs b ON b.id = s.blob_id ORDER BY 1, 2");
       s.step();) {
    int64_t b = g.find_blob(Oid::from_raw(s.blob(0).data()));
    if (b >= 0) covered[static_cast<uint32_t>(b)].push_back(s.i64(1));
  }

  // What a combination of scan sets lacks is the same for every blob with it.
  std::map<std::vector<int64_t>, std::vector<uint32_t>> missing_for;
  auto missing = [&](const std::vector<int64_t>& have) -> const std::vector<uint32_t>& {
    auto it = missing_for.find(have);
    if (it != missing_for.end()) return it->second;
    std::vector<int64_t> ids;
    for (int64_t set : have) ids.insert(ids.end(), sets[set].begin(), sets[set].end());
    std::sort(ids.begin(), ids.end());
    std::vector<uint32_t> out;
    for (uint32_t local = 0; local < matchers.size(); local++)
      if (!std::binary_search(ids.begin(), ids.end(), matchers[local])) out.push_back(local);
    return missing_for.emplace(have, std::move(out)).first->second;
  };

  std::map<std::vector<uint32_t>, std::vector<uint32_t>> plan;
  static const std::vector<int64_t> none;
  for (uint32_t i = 0; i < g.blob_count(); i++) {
    auto it = covered.find(i);
    const std::vector<uint32_t>& lack = missing(it == covered.end() ? none : it->second);
    if (!lack.empty()) plan[lack].push_back(i);
  }
  return plan;
}

void BlobCache::save(const std::vector<Oid>& oids, const std::vector<ScannedBlob>& batch,
                     int64_t scan_set, const std::vector<int64_t>& matchers) {
  Store::Transaction t(store_);
  Stmt blob = store_.prepare(
      "INSERT INTO blobs(oid, size) VALUES(?, ?) "
      "ON CONFLICT(oid) DO UPDATE SET size = excluded.size RETURNING id");
  Stmt scan = store_.prepare("INSERT OR IGNORE INTO blob_scans(blob_id, scan_set_id) VALUES(?, ?)");
  Stmt hit = store_.prepare("INSERT OR IGNORE INTO blob_hits(blob_id, matcher_id) VALUES(?, ?)");
  for (const ScannedBlob& b : batch) {
    blob.bind_blob(1, oids[b.index].raw()).bind(2, static_cast<int64_t>(b.size));
    blob.step();
    int64_t id = blob.i64(0);
    blob.reset();
    scan.bind(1, id).bind(2, scan_set).run();
    for (uint32_t local : b.hits) hit.bind(1, id).bind(2, matchers[local]).run();
  }
  t.commit();
}

std::vector<std::vector<uint32_t>> BlobCache::hits(const TreeGraph& g,
                                                   const std::vector<int64_t>& matchers) {
  std::unordered_map<int64_t, uint32_t> local;
  for (uint32_t i = 0; i < matchers.size(); i++) local.emplace(matchers[i], i);
  std::vector<std::vector<uint32_t>> out(g.blob_count());
  for (Stmt s = store_.prepare("SELECT b.oid, h.matcher_id FROM blob_hits h "
                               "JOIN blobs b ON b.id = h.blob_id");
       s.step();) {
    int64_t b = g.find_blob(Oid::from_raw(s.blob(0).data()));
    auto m = local.find(s.i64(1));
    if (b >= 0 && m != local.end()) out[b].push_back(m->second);
  }
  for (auto& v : out) std::sort(v.begin(), v.end());
  return out;
}

}  // namespace ksince
