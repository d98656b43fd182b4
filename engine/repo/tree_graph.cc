#include "repo/tree_graph.h"

#include "util/error.h"

namespace ksince {

uint32_t TreeGraph::add_root(const Oid& tree) {
  return add_dir("", tree, spec_.selects_dir(""));
}

uint32_t TreeGraph::blob_index(const Oid& oid) { return blobs_.insert(oid).first; }

uint32_t TreeGraph::text_id(std::string_view s) {
  if (auto it = text_ids_.find(s); it != text_ids_.end()) return it->second;
  uint32_t id = static_cast<uint32_t>(texts_.size());
  texts_.emplace_back(s);
  text_ids_.emplace(texts_.back(), id);
  return id;
}

// `whole`: the pathspec selects this directory itself, so every file below
// it counts (git's tree walk does the same for a directory matching a glob).
uint32_t TreeGraph::add_dir(const std::string& path, const Oid& tree, bool whole) {
  NodeKey key{text_id(path), tree};
  if (auto it = node_by_key_.find(key); it != node_by_key_.end()) return it->second;

  std::string raw;
  std::vector<TreeEntryView> entries;
  repo_.read_tree(tree, raw, entries);
  trees_read_++;
  Node node;
  node.path = key.path;
  std::string child = path;  // reused for every entry
  for (const TreeEntryView& e : entries) {
    child.resize(path.size());
    if (!path.empty()) child += '/';
    child += e.name;
    bool child_whole;
    if (e.kind == EntryKind::Tree) {
      if (spec_.enter(child, whole, child_whole)) node.children.push_back(add_dir(child, e.oid, child_whole));
    } else if (e.kind == EntryKind::File && spec_.takes_file(child, whole)) {
      node.blobs.push_back(blob_index(e.oid));
      node.names.push_back(text_id(e.name));
    }
  }
  node.children.shrink_to_fit();  // kept for the run: no slack
  node.blobs.shrink_to_fit();
  node.names.shrink_to_fit();
  uint32_t id = static_cast<uint32_t>(nodes_.size());
  nodes_.push_back(std::move(node));
  node_by_key_.emplace(key, id);
  return id;
}

namespace {

bool walk_files(const Repo& repo, const Oid& tree, const std::string& path, bool whole, const Pathspec& spec,
                const std::function<bool(const std::string&, const Oid&)>& fn) {
  std::vector<TreeEntry> entries;
  repo.read_tree(tree, entries);
  for (const TreeEntry& e : entries) {
    std::string child = path.empty() ? e.name : path + "/" + e.name;
    bool child_whole;
    if (e.kind == EntryKind::Tree) {
      if (spec.enter(child, whole, child_whole) && !walk_files(repo, e.oid, child, child_whole, spec, fn))
        return false;
    } else if (e.kind == EntryKind::File && spec.takes_file(child, whole)) {
      if (!fn(child, e.oid)) return false;
    }
  }
  return true;
}

}  // namespace

void for_each_file(const Repo& repo, const Oid& tree, const Pathspec& spec,
                   const std::function<bool(const std::string&, const Oid&)>& fn) {
  walk_files(repo, tree, "", spec.selects_dir(""), spec, fn);
}

TreePresence::TreePresence(const TreeGraph& g, size_t matchers,
                           const std::vector<std::vector<uint32_t>>& hits)
    : g_(g), hits_(hits), words_(std::max<size_t>(1, (matchers + 63) / 64)) {}

const uint64_t* TreePresence::of(uint32_t node) {
  // Hits are loaded per graph growth (BlobCache::load); a node summed before
  // its blobs' hits are there would read past them, or sum too little.
  if (hits_.size() < g_.blob_count())
    throw Error(cat("internal error: presence asked for with ", g_.blob_count() - hits_.size(),
                    " blobs of the tree graph not loaded from the index"));
  if (bits_.size() < g_.node_count() * words_) {
    bits_.resize(g_.node_count() * words_, 0);
    done_.resize(g_.node_count(), 0);
  }
  uint64_t* out = &bits_[node * words_];
  if (done_[node]) return out;
  const TreeGraph::Node& n = g_.node(node);
  for (uint32_t b : n.blobs)
    for (uint32_t m : hits_[b]) out[m / 64] |= uint64_t(1) << (m % 64);
  for (uint32_t c : n.children) {
    const uint64_t* sub = of(c);
    for (size_t w = 0; w < words_; w++) out[w] |= sub[w];
  }
  done_[node] = 1;
  return out;
}

}  // namespace ksince
