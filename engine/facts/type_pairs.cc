#include "facts/type_pairs.h"

namespace ksince {

std::vector<TypePair> pairs_of_type(Store& store, const std::string& type, PairKind kind,
                                    const std::optional<std::string>& at) {
  std::vector<std::string> kinds =
      kind == PairKind::Helpers ? std::vector<std::string>{"prog_helper", "map_helper"} : std::vector<std::string>{"prog_kfunc"};
  std::vector<TypePair> out;
  for (const std::string& k : kinds)
    for (DerivedAnswer& a : derived_facts(store, k, at, type)) {
      std::string callee = split_pair_key(a.key).second;
      out.push_back({std::move(callee), std::move(a)});
    }
  return out;
}

}  // namespace ksince
