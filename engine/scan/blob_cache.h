#pragma once
#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

#include "scan/blob_scan.h"
#include "scan/matcher.h"
#include "store/store.h"
#include "repo/tree_graph.h"

namespace ksince {

// The per-blob scan results kept in the index, so that a blob is read and
// scanned once per matcher for the life of the database, whatever tags or
// commits hold it. It mirrors, for the blobs of one TreeGraph, what the index
// knows: the hits among this run's matchers and the matchers still lacking.
// Matchers are the run's, by position ("local" index); the database knows them
// by id.
class BlobCache {
 public:
  // Registers the specs' matchers (inserting new ones) and loads scan sets.
  BlobCache(Store& store, const std::vector<MatchSpec>& specs);

  const std::vector<int64_t>& matcher_ids() const { return ids_; }

  // Loads what the index knows of the graph's blobs that are new since the
  // last call (the graph only grows).
  void load(const TreeGraph& g);

  // Blobs that still lack matchers, grouped by what they lack (local matcher
  // indices -> blob indices).
  std::map<std::vector<uint32_t>, std::vector<uint32_t>> plan() const;

  // Reads and scans what plan() lists, storing each finished batch in its own
  // transaction (so an interrupted run keeps its work). `on_batch` reports
  // progress: blobs and bytes done so far.
  void scan(const TreeGraph& g, const Matcher& all, const std::vector<MatchSpec>& specs,
            const std::string& git_dir, unsigned jobs,
            const std::function<void(size_t blobs, uint64_t bytes)>& on_batch);

  // Every graph blob's hits, as ascending local matcher indices.
  const std::vector<std::vector<uint32_t>>& hits() const { return hits_; }

 private:
  int64_t scan_set(std::vector<int64_t> matcher_ids);
  uint32_t lacking(const std::vector<int64_t>& sets);
  void save(const TreeGraph& g, const std::vector<uint32_t>& blobs, const std::vector<ScannedBlob>& batch,
            int64_t set_id, const std::vector<uint32_t>& locals);

  Store& store_;
  std::vector<int64_t> ids_;                                 // local -> matcher id
  std::unordered_map<int64_t, uint32_t> local_;              // matcher id -> local
  std::unordered_map<int64_t, std::vector<int64_t>> sets_;   // scan set -> matcher ids
  // What a blob lacks, as an index into lack_sets_ (0: nothing). Blobs share
  // a handful of distinct sets; a copy per blob would cost 3 KB each for 800
  // patterns.
  std::vector<std::vector<uint32_t>> lack_sets_{{}};
  std::map<std::vector<int64_t>, uint32_t> lacking_for_;   // memo by scan sets held
  size_t loaded_ = 0;                                        // graph blobs loaded so far
  std::vector<std::vector<uint32_t>> hits_;
  std::vector<uint32_t> lacks_;
};

}  // namespace ksince
