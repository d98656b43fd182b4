#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "repo/oid.h"
#include "repo/oid_table.h"
#include "repo/pathspec.h"
#include "repo/repo.h"

namespace ksince {

// The trees of many tags (later: commits) as one graph restricted to the
// pathspec. A node is a (directory path, tree id) pair: kernel releases
// share most subtrees, so each distinct pair is read from git once, however
// many roots hold it, and each distinct blob gets one dense index.
class TreeGraph {
 public:
  // Paths and file names are interned (text()): a directory's versions in
  // many commits repeat its names, and the graph grows with the commits a
  // search checks.
  struct Node {
    uint32_t path;                   // text id of the directory, "" for a root
    std::vector<uint32_t> children;  // node indices
    std::vector<uint32_t> blobs;     // blob indices of the selected files
    std::vector<uint32_t> names;     // text ids of their file names, parallel to blobs
  };

  TreeGraph(const Repo& repo, const Pathspec& spec) : repo_(repo), spec_(spec) {}

  // Adds the tree of one root (a tag's or commit's tree); returns its node.
  uint32_t add_root(const Oid& tree);

  size_t node_count() const { return nodes_.size(); }
  const std::string& text(uint32_t id) const { return texts_[id]; }
  const Node& node(uint32_t i) const { return nodes_[i]; }
  size_t blob_count() const { return blobs_.size(); }
  const Oid& blob(uint32_t i) const { return blobs_[i]; }
  // The blob's index, or nullopt when no root of the graph holds it (the
  // index also knows blobs of other runs: dropped tags, searched commits).
  std::optional<uint32_t> find_blob(const Oid& oid) const { return blobs_.find(oid); }
  size_t trees_read() const { return trees_read_; }

 private:
  uint32_t add_dir(const std::string& path, const Oid& tree, bool whole);
  uint32_t blob_index(const Oid& oid);
  uint32_t text_id(std::string_view s);

  struct NodeKey {
    uint32_t path;
    Oid tree;
    bool operator==(const NodeKey&) const = default;
  };
  struct NodeKeyHash {
    size_t operator()(const NodeKey& k) const { return OidHash()(k.tree) ^ (size_t(k.path) * 0x9e3779b97f4a7c15ull); }
  };

  const Repo& repo_;
  const Pathspec& spec_;
  std::vector<Node> nodes_;
  std::unordered_map<NodeKey, uint32_t, NodeKeyHash> node_by_key_;
  std::deque<std::string> texts_;  // a deque: the views below stay valid
  std::unordered_map<std::string_view, uint32_t> text_ids_;
  OidTable blobs_;
  size_t trees_read_ = 0;
};

// Calls fn(path, blob) for every file the pathspec selects below `tree`, in
// git's order, until fn returns false. For tools that need paths (evidence);
// the index itself uses TreeGraph, which memoises and keeps no paths.
void for_each_file(const Repo& repo, const Oid& tree, const Pathspec& spec,
                   const std::function<bool(const std::string&, const Oid&)>& fn);

// Which matchers are present below each node: the union of its blobs' hits,
// computed bottom-up once per node and kept (a bitset of matcher indices).
class TreePresence {
 public:
  // hits[b] = ascending matcher indices found in blob b.
  TreePresence(const TreeGraph& g, size_t matchers, const std::vector<std::vector<uint32_t>>& hits);

  const uint64_t* of(uint32_t node);
  bool test(uint32_t node, uint32_t matcher) { return of(node)[matcher / 64] >> (matcher % 64) & 1; }

 private:
  const TreeGraph& g_;
  const std::vector<std::vector<uint32_t>>& hits_;
  size_t words_;
  std::vector<uint64_t> bits_;
  std::vector<uint8_t> done_;
};

}  // namespace ksince
