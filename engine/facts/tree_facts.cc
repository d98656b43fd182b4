#include "facts/tree_facts.h"

#include <algorithm>

#include "util/error.h"

namespace ksince {

uint32_t FactRegistry::id(const std::string& kind, const std::string& key) {
  std::string k = kind;
  k += '\0';
  k += key;
  auto [it, fresh] = by_key_.emplace(std::move(k), static_cast<uint32_t>(facts_.size()));
  if (fresh) facts_.emplace_back(kind, key);
  return it->second;
}

TreeFacts::TreeFacts(Store& store, const Repo& repo, const TreeGraph& graph, const BlobCache& cache,
                     std::vector<const Extractor*> extractors, FactRegistry& registry)
    : store_(store), repo_(repo), graph_(graph), cache_(cache), extractors_(std::move(extractors)),
      registry_(registry) {
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
    if (mask) out->push_back({n.path.empty() ? n.names[i] : n.path + "/" + n.names[i], n.blobs[i], mask});
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

std::shared_ptr<const TreeFacts::Result> TreeFacts::at(uint32_t root) {
  if (auto it = by_root_.find(root); it != by_root_.end()) return it->second;
  Files files = *files_below(root);
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.path < b.path; });
  auto result = std::make_shared<Result>();
  for (size_t e = 0; e < extractors_.size(); e++) {
    std::string key = std::to_string(e);
    std::vector<ExtractedFile> in;
    for (const File& f : files) {
      if (!(f.extractors >> e & 1)) continue;
      key += '\0' + f.path + '\0';
      key += graph_.blob(f.blob).raw();
      in.push_back({f.path, &extracted(f.blob, e)});
    }
    auto& resolved = resolved_[key];
    if (!resolved) resolved = std::make_shared<const ResolvedFacts>(extractors_[e]->resolve(in));
    for (const DerivedFact& f : resolved->facts) result->facts.push_back({registry_.id(f.kind, f.key), &f});
    for (const UnknownConstruct& u : resolved->unknowns) result->unknowns.push_back({extractors_[e], &u});
  }
  save_extracts();
  // One entry per fact: where an extractor reports a fact twice, the first
  // (in extractor, then file order) is its evidence.
  std::stable_sort(result->facts.begin(), result->facts.end(),
                   [](const Found& a, const Found& b) { return a.fact < b.fact; });
  result->facts.erase(std::unique(result->facts.begin(), result->facts.end(),
                                  [](const Found& a, const Found& b) { return a.fact == b.fact; }),
                      result->facts.end());
  return by_root_[root] = result;
}

}  // namespace ksince
