#include "repo/pack_order.h"

#include <algorithm>

#include "repo/pack_reader.h"

namespace ksince {

std::vector<size_t> pack_order(const std::string& git_dir, const std::vector<Oid>& oids) {
  PackReader packs(git_dir);
  struct Key {
    uint64_t pack;
    uint64_t offset;
    size_t index;
  };
  std::vector<Key> keys;
  keys.reserve(oids.size());
  for (size_t i = 0; i < oids.size(); i++) {
    auto where = packs.locate(oids[i]);
    keys.push_back(where ? Key{where->first, where->second, i} : Key{UINT64_MAX, 0, i});
  }
  std::stable_sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return a.pack != b.pack ? a.pack < b.pack : a.offset < b.offset;
  });
  std::vector<size_t> order;
  order.reserve(keys.size());
  for (const Key& k : keys) order.push_back(k.index);
  return order;
}

}  // namespace ksince
