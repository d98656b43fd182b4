#pragma once
#include <cstddef>
#include <list>
#include <unordered_map>
#include <utility>

namespace ksince {

// A map that keeps at most `budget` worth of values, evicting the least
// recently used first. Each value's cost is given when it is put (bytes, or 1
// to bound the count). A value costing more than the whole budget is not kept.
template <typename K, typename V, typename Hash = std::hash<K>>
class LruCache {
 public:
  explicit LruCache(size_t budget) : budget_(budget) {}

  // The value, now the most recently used; nullptr when absent.
  V* get(const K& key) {
    auto it = map_.find(key);
    if (it == map_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second.use);
    return &it->second.value;
  }

  void put(const K& key, V value, size_t cost) {
    if (cost > budget_ || map_.count(key)) return;
    while (used_ + cost > budget_ && !order_.empty()) {
      auto old = map_.find(order_.back());
      used_ -= old->second.cost;
      map_.erase(old);
      order_.pop_back();
    }
    order_.push_front(key);
    map_.emplace(key, Entry{std::move(value), cost, order_.begin()});
    used_ += cost;
  }

 private:
  struct Entry {
    V value;
    size_t cost;
    typename std::list<K>::iterator use;
  };
  size_t budget_;
  size_t used_ = 0;
  std::unordered_map<K, Entry, Hash> map_;
  std::list<K> order_;  // most recently used first
};

}  // namespace ksince
