#pragma once
#include <cstdint>
#include <functional>
#include <string>
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
  // Inside the caller's transaction: replaces the stored facts of the tag's
  // row `tag_id` with tag number `tag`'s staged rows (facts by their
  // database ids, db_id[registry id]), and marks them derived as `facts_key`
  // says (tags.facts_key).
  void copy(size_t tag, int64_t tag_id, const std::vector<int64_t>& db_id, const std::string& facts_key);

 private:
  Store& store_;
};

// A tag's stored facts stand while its tree and the fact step's key (the
// extractors, their versions, the scope) are the same: the value of
// tags.facts_key that says so.
std::string tag_facts_key(const Oid& tree, const std::string& fact_key);

// The stored facts of `tag` when its facts_key is `want`: on_fact(kind, key)
// for each fact present, on_unknown(extractor, file, line, what) for each
// unreadable construct. False, and nothing called, when they were derived
// otherwise (or never).
using KeptFact = std::function<void(const std::string& kind, const std::string& key)>;
using KeptUnknown = std::function<void(const std::string& extractor, const std::string& file, int64_t line,
                                       const std::string& what)>;
bool read_kept_facts(Store& store, const std::string& tag, const std::string& want, const KeptFact& on_fact,
                     const KeptUnknown& on_unknown);

}  // namespace ksince
