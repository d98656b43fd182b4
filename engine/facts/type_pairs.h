#pragma once
#include <optional>
#include <string>
#include <vector>

#include "facts/derived_facts.h"
#include "store/store.h"

namespace ksince {

// `query TYPE --helpers` / `--kfuncs`: what a program or map type may call,
// from the facts derived from the source.
enum class PairKind {
  Helpers,  // prog_helper facts (program types) and map_helper facts (map types)
  Kfuncs,   // prog_kfunc facts
};

struct TypePair {
  std::string callee;  // the pair's second word: the helper or kfunc
  DerivedAnswer fact;
};

// The pairs of `type` present at `at` (the newest selected tag by default),
// sorted by kind and key; empty when the source gives the type none there.
std::vector<TypePair> pairs_of_type(Store& store, const std::string& type, PairKind kind,
                                    const std::optional<std::string>& at = std::nullopt);

}  // namespace ksince
