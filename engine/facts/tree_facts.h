#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "scan/blob_cache.h"
#include "facts/extractor.h"
#include "repo/repo.h"
#include "store/store.h"
#include "repo/tree_graph.h"
#include "util/lru_cache.h"

namespace ksince {

// Every derived fact a run meets gets a dense id, by (kind, key).
class FactRegistry {
 public:
  uint32_t id(const std::string& kind, const std::string& key);
  size_t size() const { return facts_.size(); }
  const std::pair<std::string, std::string>& fact(uint32_t id) const { return facts_[id]; }

 private:
  std::unordered_map<std::string, uint32_t> by_key_;  // kind \0 key
  std::vector<std::pair<std::string, std::string>> facts_;
};

// The derived facts of the trees of one TreeGraph (tags and commits alike).
// The graph's cache holds one trigger matcher per extractor, in extractor
// order; a file whose blob hit an extractor's trigger is handed to it:
// - extract() runs once per blob for the life of the index (blob_extracts);
// - resolve() runs once per distinct list of (path, blob) a tree gives an
//   extractor, as long as the list's fact ids stay in a cache bounded in
//   bytes (most commits share the list of their neighbours). The details
//   (attrs, evidence) of a list are kept only for the few most recent: the
//   commit search needs presence alone, and memory must be bounded by the
//   work, not by the number of trees asked about.
class TreeFacts {
 public:
  // One extractor's facts for one list of files, with their registry ids.
  struct Resolution {
    ResolvedFacts resolved;
    std::vector<uint32_t> ids;  // FactRegistry id of each of resolved.facts
  };
  using Ids = std::vector<uint32_t>;  // ascending, unique
  struct Found {
    uint32_t fact;              // FactRegistry id
    const DerivedFact* detail;  // kind, key, attrs and evidence at this tree
  };
  struct Unknown {
    const Extractor* extractor;
    const UnknownConstruct* construct;
  };
  struct Result {
    std::vector<Found> facts;  // ascending by fact id, one per id
    std::vector<Unknown> unknowns;
    std::vector<std::shared_ptr<const Resolution>> held;  // what facts and unknowns point into
  };

  TreeFacts(Store& store, const Repo& repo, const TreeGraph& graph, const BlobCache& cache,
            std::vector<const Extractor*> extractors, FactRegistry& registry);

  // The facts of the tree at graph node `root`. The cache must have loaded
  // and scanned the graph as it is now.
  std::shared_ptr<const Result> at(uint32_t root, unsigned jobs = 1);
  // The same tree's facts as ids only, one list per extractor (bit e of
  // `extractors`; the others stay null): what presence at a commit needs.
  // Memoised per root at some 150 bytes a tree; the lists are shared by
  // every tree with the same files.
  using IdLists = std::vector<std::shared_ptr<const Ids>>;
  const IdLists& ids_at(uint32_t root, uint32_t extractors);
  // ids_at(roots[i], masks[i]) for many roots at once, the resolutions they
  // lack run on `jobs` threads (the extractors' resolve() is const and pure).
  void prepare_ids(const std::vector<uint32_t>& roots, unsigned jobs, const std::vector<uint32_t>& masks);
  // The extractor (bit e) that reports facts of this fact's kind, as this
  // run's resolutions have shown (a kind belongs to one extractor; finish()
  // checks it). A kind not seen yet: all of them.
  uint32_t extractors_of(uint32_t fact) const;

  size_t blobs_extracted() const { return extracted_; }

 private:
  struct File {
    std::string path;
    uint32_t blob;
    uint32_t extractors;  // bit e: extractor e's trigger hit
  };
  using Files = std::vector<File>;
  const std::shared_ptr<const Files>& files_below(uint32_t node);
  // Extractor e's files of the sorted list, as the key of its resolution.
  std::string list_key(const Files& sorted, size_t e) const;
  std::shared_ptr<const Resolution> resolve(const Files& sorted, size_t e, const std::string& key);
  std::vector<ExtractedFile> inputs(const Files& sorted, size_t e);
  std::shared_ptr<const Resolution> finish(const std::string& key, size_t e, ResolvedFacts resolved);
  // One resolution to run: the inputs are extracted on the calling thread
  // (SQLite and the blob reads are not shared), resolve() on a worker.
  struct Job {
    std::string key;
    size_t extractor;
    std::vector<ExtractedFile> in;
    ResolvedFacts out;
  };
  void run_jobs(std::vector<Job>& todo, unsigned jobs);
  Files sorted_files(uint32_t root);
  const nlohmann::json& extracted(uint32_t blob, size_t e);
  void save_extracts();

  Store& store_;
  const Repo& repo_;
  const TreeGraph& graph_;
  const BlobCache& cache_;
  std::vector<const Extractor*> extractors_;
  FactRegistry& registry_;
  std::vector<std::shared_ptr<const Files>> files_of_node_;
  std::map<std::pair<uint32_t, size_t>, nlohmann::json> local_;  // (blob, extractor) -> extract()
  std::vector<std::tuple<uint32_t, size_t, std::string>> unsaved_;
  LruCache<std::string, std::shared_ptr<const Resolution>> resolved_;  // by list_key, a few
  std::unordered_map<std::string, std::shared_ptr<const Ids>> ids_;    // by list_key
  std::unordered_map<uint32_t, IdLists> ids_by_root_;
  std::unordered_map<std::string, size_t> extractor_of_kind_;
  size_t extracted_ = 0;
};

}  // namespace ksince
