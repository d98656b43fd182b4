#pragma once
#include <cstdint>
#include <map>
#include <vector>

#include "blob_scan.h"
#include "matcher.h"
#include "store.h"
#include "tree_graph.h"

namespace ksince {

// The per-blob scan results kept in the index, so that a blob is read and
// scanned once per matcher for the life of the database, whatever tags or
// commits hold it. Matchers are known by their database ids; "local" indices
// are positions in the caller's list of matcher ids.
class BlobCache {
 public:
  explicit BlobCache(Store& store) : store_(store) {}

  // The database id of each spec's matcher, inserting new ones.
  std::vector<int64_t> matcher_ids(const std::vector<MatchSpec>& specs);

  // Groups the graph's blobs by what they still lack: missing local matcher
  // indices -> blob indices. Fully cached blobs are left out.
  std::map<std::vector<uint32_t>, std::vector<uint32_t>> plan(const TreeGraph& g,
                                                             const std::vector<int64_t>& matchers);

  // The id of the scan set made of these matcher ids (inserting it if new).
  int64_t scan_set(std::vector<int64_t> matchers);

  // Stores one batch of results, in one transaction. batch[i].index points
  // into `oids`; hit indices into `matchers`.
  void save(const std::vector<Oid>& oids, const std::vector<ScannedBlob>& batch, int64_t scan_set,
            const std::vector<int64_t>& matchers);

  // Every graph blob's hits among `matchers`, as ascending local indices.
  std::vector<std::vector<uint32_t>> hits(const TreeGraph& g, const std::vector<int64_t>& matchers);

 private:
  Store& store_;
};

}  // namespace ksince
