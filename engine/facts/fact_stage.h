#pragma once
#include <cstdint>
#include <vector>

#include "facts/tree_facts.h"
#include "store/store.h"

namespace ksince {

// The facts of each tag, written to temporary tables of the index as soon as
// they are resolved, so that the facts of many tags (80 for torvalds/linux)
// never sit in memory together. The index run's one transaction then copies
// them into fact_presence and fact_unknowns; the staging tables belong to
// this connection and vanish with it.
class FactStage {
 public:
  explicit FactStage(Store& store);
  ~FactStage();
  FactStage(const FactStage&) = delete;
  FactStage& operator=(const FactStage&) = delete;

  // Stages tag number `tag`'s facts and unknowns (its own transaction).
  void add(size_t tag, const TreeFacts::Result& facts);
  // Inside the caller's transaction: writes tag `tag`'s staged rows for the
  // tag's row `tag_id`, facts by their database ids (db_id[registry id]).
  void copy(size_t tag, int64_t tag_id, const std::vector<int64_t>& db_id);

 private:
  Store& store_;
};

}  // namespace ksince
