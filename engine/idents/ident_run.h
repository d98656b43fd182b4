#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "facts/identifier_defs.h"
#include "idents/ident_index.h"
#include "idents/ident_presence.h"
#include "idents/ident_reader.h"
#include "idents/ident_record.h"
#include "idents/name_table.h"
#include "repo/pathspec.h"
#include "repo/tree_graph.h"
#include "store/store.h"

namespace ksince {

// One run of the identifier stage over a set of trees: the (blob, syntax)
// records they hold, read where the index lacks them, and presence per tree
// from the records.
class IdentRun {
 public:
  // With `shapes`, records read without shapes count as lacking.
  IdentRun(Store& store, const Repo& repo, const std::vector<std::string>& files, bool shapes, unsigned jobs,
           Progress& progress, IdentReport& report)
      : store_(store), repo_(repo), spec_(files), graph_(repo, spec_), shapes_(shapes), jobs_(jobs),
        progress_(progress), report_(report) {}

  uint32_t add_tag(const TagInfo& t) { return graph_.add_root(t.tree); }

  // Every (blob, syntax) the graph holds, with the records the index has:
  // one pass over the records, or (`by_key`, for a few trees of a large
  // index) one pass over the blobs' ids and a lookup per record.
  void collect(bool by_key);
  // Reads what the index lacks, each blob once, committing as it goes (a
  // few blobs against a large index: in one transaction, their names
  // looked up instead of every name loaded).
  void read_new();
  // Which identifiers each of `roots` (oldest first) mentions and defines.
  IdentTagSets presence(const std::vector<uint32_t>& roots);
  // Which records each of `roots` holds: by record, a bit per root (at most
  // 64 roots).
  std::vector<uint64_t> held_by(const std::vector<uint32_t>& roots);
  // Decodes once each record whose bits `want` accepts, and hands it over
  // with its bits.
  void visit_records(const std::vector<uint64_t>& held, const std::function<bool(uint64_t)>& want,
                     const std::function<void(uint64_t, const IdentRecord&)>& visit);
  uint32_t names_count();
  // Records, for each name whose shapes the files below `roots` hold, the
  // paths holding them (ident_shape_paths); the nodes `known` roots hold
  // were recorded by an earlier run.
  void save_shape_paths(const std::vector<uint32_t>& roots, const std::vector<uint32_t>& known);

  // What a worker made of one blob: a record per syntax it is held under.
  struct ReadBlob {
    uint32_t item = 0;  // position in the list read
    uint64_t size = 0;
    std::vector<std::string> words, defs, shapes;
    ShapeTexts texts;
    uint32_t max_id = 0;
    bool any_id = false;
  };

 private:
  // One blob as one syntax: what a tag's presence is made of.
  struct Rec {
    uint32_t blob;
    DefSyntax syntax;
    bool have = false;
    std::string words, defs, shapes;  // encoded (ident_record.h)
  };
  void take_row(Rec& r, Stmt& s, int words_col);
  void load_scan();
  void load_by_key();
  void save_batch(std::vector<ReadBlob>& batch, const std::vector<uint32_t>& order,
                  std::unordered_map<uint32_t, std::vector<uint32_t>>& lacking);
  void save_records(std::vector<ReadBlob>& batch, const std::vector<uint32_t>& order,
                    std::unordered_map<uint32_t, std::vector<uint32_t>>& lacking);
  void read_few(const std::vector<Oid>& oids, const std::vector<std::vector<DefSyntax>>& syntaxes,
                const std::vector<uint32_t>& order, std::unordered_map<uint32_t, std::vector<uint32_t>>& lacking);
  void commit();

  Store& store_;
  const Repo& repo_;
  std::optional<Store::Transaction> tx_;
  std::chrono::steady_clock::time_point committed_ = std::chrono::steady_clock::now();
  Pathspec spec_;
  TreeGraph graph_;
  bool shapes_;
  unsigned jobs_;
  Progress& progress_;
  IdentReport& report_;
  NameTable names_;
  uint32_t persisted_ = 0;
  uint32_t names_count_ = UINT32_MAX;
  std::vector<Rec> recs_;
  std::unordered_map<uint64_t, uint32_t> rec_of_;  // blob << 3 | syntax -> record
  std::vector<std::vector<uint32_t>> node_recs_;
  std::unordered_set<uint64_t> texts_saved_;  // shape texts this run wrote
};

}  // namespace ksince
