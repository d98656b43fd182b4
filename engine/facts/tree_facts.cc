#include "facts/tree_facts.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <unordered_set>

#include "scan/thread_pool.h"
#include "util/error.h"
#include "util/release_memory.h"

namespace ksince {

namespace {

// Whole resolutions kept: one extractor's facts of a whole tree, details
// included (up to some 10,000 facts, a few MB). Consecutive tags share most.
constexpr size_t kResolutionsKept = 8;


}  // namespace

uint32_t FactRegistry::id(const std::string& kind, const std::string& key) {
  thread_local std::string k;  // the lookup key, without an allocation per call
  k.assign(kind);
  k += '\0';
  k += key;
  if (auto it = by_key_.find(k); it != by_key_.end()) return it->second;
  uint32_t id = static_cast<uint32_t>(facts_.size());
  by_key_.emplace(k, id);
  facts_.emplace_back(kind, key);
  return id;
}

TreeFacts::TreeFacts(Store& store, const Repo& repo, const TreeGraph& graph, const BlobCache& cache,
                     std::vector<const Extractor*> extractors, FactRegistry& registry)
    : store_(store), repo_(repo), graph_(graph), cache_(cache), extractors_(std::move(extractors)),
      registry_(registry), resolved_(kResolutionsKept) {
  if (extractors_.size() > 32) throw Error("internal: more than 32 extractors");
}

// The trigger-hit files below a node, memoised per node: a subtree shared by
// many trees is listed once.
const std::shared_ptr<const TreeFacts::Files>& TreeFacts::files_below(uint32_t node) {
  if (files_of_node_.size() < graph_.node_count()) files_of_node_.resize(graph_.node_count());
  std::shared_ptr<const Files>& slot = files_of_node_[node];
  if (slot) return slot;
  static const auto empty = std::make_shared<const Files>();
  const TreeGraph::Node& n = graph_.node(node);
  auto out = std::make_shared<Files>();
  const auto& hits = cache_.hits();
  for (size_t i = 0; i < n.blobs.size(); i++) {
    uint32_t mask = 0;
    for (uint32_t m : hits.at(n.blobs[i]))
      if (m < extractors_.size()) mask |= 1u << m;
    if (!mask) continue;
    const std::string& dir = graph_.text(n.path);
    const std::string& name = graph_.text(n.names[i]);
    out->push_back({dir.empty() ? name : dir + "/" + name, n.blobs[i], mask});
  }
  for (uint32_t c : n.children) {
    const auto& sub = files_below(c);
    out->insert(out->end(), sub->begin(), sub->end());
  }
  // (The recursion does not resize files_of_node_: it is sized for the
  // whole graph above, so `slot` stays valid.)
  slot = out->empty() ? empty : std::shared_ptr<const Files>(std::move(out));
  return slot;
}

const nlohmann::json& TreeFacts::extracted(uint32_t blob, size_t e) {
  auto key = std::make_pair(blob, e);
  if (auto it = local_.find(key); it != local_.end()) return it->second;
  const Extractor& x = *extractors_[e];
  const Oid& oid = graph_.blob(blob);
  Stmt q = store_.prepare(
      "SELECT x.result FROM blob_extracts x JOIN blobs b ON b.id = x.blob_id "
      "WHERE b.oid = ? AND x.extractor = ? AND x.version = ?");
  q.bind_blob(1, oid.raw()).bind(2, x.name()).bind(3, int64_t(x.version()));
  nlohmann::json result;
  if (q.step()) {
    result = nlohmann::json::parse(q.text(0));
  } else {
    Repo::Blob b = repo_.read_blob(oid);
    result = x.extract(std::string_view(b.data(), b.size()));
    unsaved_.emplace_back(blob, e, result.dump());
    extracted_++;
  }
  return local_.emplace(key, std::move(result)).first->second;
}

// What this tree's extractions added, committed together so that an
// interrupted run keeps them.
void TreeFacts::save_extracts() {
  if (unsaved_.empty()) return;
  Store::Transaction t(store_);
  Stmt ins = store_.prepare(
      "INSERT OR REPLACE INTO blob_extracts(blob_id, extractor, version, result) "
      "SELECT id, ?, ?, ? FROM blobs WHERE oid = ?");
  for (const auto& [blob, e, text] : unsaved_)
    ins.bind(1, extractors_[e]->name()).bind(2, int64_t(extractors_[e]->version())).bind(3, text)
        .bind_blob(4, graph_.blob(blob).raw()).run();
  t.commit();
  unsaved_.clear();
}

TreeFacts::Files TreeFacts::sorted_files(uint32_t root) {
  Files files = *files_below(root);
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.path < b.path; });
  return files;
}

std::string TreeFacts::list_key(const Files& sorted, size_t e) const {
  std::string key = std::to_string(e);
  for (const File& f : sorted) {
    if (!(f.extractors >> e & 1)) continue;
    key += '\0' + f.path + '\0';
    key += graph_.blob(f.blob).raw();
  }
  return key;
}

std::vector<ExtractedFile> TreeFacts::inputs(const Files& sorted, size_t e) {
  std::vector<ExtractedFile> in;
  for (const File& f : sorted)
    if (f.extractors >> e & 1) in.push_back({f.path, &extracted(f.blob, e)});
  save_extracts();
  return in;
}

// A resolution's registry ids, and the ids' own cache entry.
std::shared_ptr<const TreeFacts::Resolution> TreeFacts::finish(const std::string& key, size_t e,
                                                                ResolvedFacts resolved) {
  auto r = std::make_shared<Resolution>();
  r->resolved = std::move(resolved);
  for (const DerivedFact& f : r->resolved.facts) {
    r->ids.push_back(registry_.id(f.kind, f.key));
    auto [it, fresh] = extractor_of_kind_.emplace(f.kind, e);
    if (!fresh && it->second != e)
      throw Error(cat("internal: extractors '", extractors_[it->second]->name(), "' and '", extractors_[e]->name(),
                      "' both report facts of kind '", f.kind, "'"));
  }
  resolved_.put(key, r, 1);
  auto ids = std::make_shared<Ids>(r->ids);
  std::sort(ids->begin(), ids->end());
  ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  ids_.emplace(key, std::move(ids));
  return r;
}

std::shared_ptr<const TreeFacts::Resolution> TreeFacts::resolve(const Files& sorted, size_t e,
                                                                 const std::string& key) {
  if (auto* hit = resolved_.get(key)) return *hit;
  return finish(key, e, extractors_[e]->resolve(inputs(sorted, e)));
}

void TreeFacts::run_jobs(std::vector<Job>& todo, unsigned jobs) {
  // A few resolutions per thread at a time: each holds a whole tree's facts
  // (a few MB) until finish() keeps its ids.
  const unsigned threads = std::max(1u, jobs);
  for (size_t begin = 0; begin < todo.size(); begin += 2 * threads) {
    size_t end = std::min(todo.size(), begin + 2 * threads);
    std::atomic<size_t> next{begin};
    std::atomic<bool> stop{false};
    run_workers(std::min<unsigned>(threads, end - begin), [&](unsigned) {
      for (size_t i; !stop && (i = next++) < end;) todo[i].out = extractors_[todo[i].extractor]->resolve(todo[i].in);
    }, stop);
    for (size_t i = begin; i < end; i++) {
      finish(todo[i].key, todo[i].extractor, std::move(todo[i].out));
      todo[i] = Job{};
    }
  }
  todo.clear();
}

std::shared_ptr<const TreeFacts::Result> TreeFacts::at(uint32_t root, unsigned jobs) {
  Files files = sorted_files(root);
  // What the recent resolutions lack, on the worker threads first.
  std::vector<std::string> keys;
  std::vector<Job> todo;
  for (size_t e = 0; e < extractors_.size(); e++) {
    keys.push_back(list_key(files, e));
    if (!resolved_.get(keys[e])) todo.push_back({keys[e], e, inputs(files, e), {}});
  }
  run_jobs(todo, jobs);
  auto result = std::make_shared<Result>();
  for (size_t e = 0; e < extractors_.size(); e++) {
    std::shared_ptr<const Resolution> r = resolve(files, e, keys[e]);
    for (size_t i = 0; i < r->ids.size(); i++) result->facts.push_back({r->ids[i], &r->resolved.facts[i]});
    for (const UnknownConstruct& u : r->resolved.unknowns) result->unknowns.push_back({extractors_[e], &u});
    result->held.push_back(std::move(r));
  }
  // One entry per fact: where an extractor reports a fact twice, the first
  // (in extractor, then file order) is its evidence.
  std::stable_sort(result->facts.begin(), result->facts.end(),
                   [](const Found& a, const Found& b) { return a.fact < b.fact; });
  result->facts.erase(std::unique(result->facts.begin(), result->facts.end(),
                                  [](const Found& a, const Found& b) { return a.fact == b.fact; }),
                      result->facts.end());
  return result;
}

uint32_t TreeFacts::extractors_of(uint32_t fact) const {
  auto it = extractor_of_kind_.find(registry_.fact(fact).first);
  if (it != extractor_of_kind_.end()) return 1u << it->second;
  return extractors_.size() == 32 ? ~0u : (1u << extractors_.size()) - 1;  // not seen this run: every extractor
}

const TreeFacts::IdLists& TreeFacts::ids_at(uint32_t root, uint32_t extractors) {
  IdLists& lists = ids_by_root_[root];
  lists.resize(extractors_.size());
  std::optional<Files> files;
  for (size_t e = 0; e < extractors_.size(); e++) {
    if (lists[e] || !(extractors >> e & 1)) continue;
    if (!files) files = sorted_files(root);
    std::string key = list_key(*files, e);
    auto it = ids_.find(key);
    if (it == ids_.end()) {
      resolve(*files, e, key);
      it = ids_.find(key);
    }
    lists[e] = it->second;
  }
  return lists;
}

void TreeFacts::prepare_ids(const std::vector<uint32_t>& roots, unsigned jobs, const std::vector<uint32_t>& masks) {
  // The lists these roots lack; the resolutions behind them, each once.
  struct Pending {
    uint32_t root;
    size_t extractor;
    std::string key;
  };
  std::vector<Pending> pending;
  std::vector<Job> todo;
  std::unordered_set<std::string> queued;
  for (size_t r = 0; r < roots.size(); r++) {
    IdLists& lists = ids_by_root_[roots[r]];
    lists.resize(extractors_.size());
    std::optional<Files> files;
    for (size_t e = 0; e < extractors_.size(); e++) {
      if (lists[e] || !(masks[r] >> e & 1)) continue;
      if (!files) files = sorted_files(roots[r]);
      std::string key = list_key(*files, e);
      if (auto it = ids_.find(key); it != ids_.end()) {
        lists[e] = it->second;
        continue;
      }
      if (queued.insert(key).second) todo.push_back({key, e, inputs(*files, e), {}});
      pending.push_back({roots[r], e, std::move(key)});
    }
  }
  run_jobs(todo, jobs);
  for (const Pending& p : pending) ids_by_root_[p.root][p.extractor] = ids_.at(p.key);
  release_free_memory();
}

}  // namespace ksince
