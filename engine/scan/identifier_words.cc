#include "scan/identifier_words.h"

#include "util/hash.h"

#include <cstdint>
#include <algorithm>
#include <cstring>

namespace ksince {

namespace {

// A small open-addressing set of the text's words, reused across calls on a
// thread: a kernel file mentions a few hundred distinct words many times.
class WordSet {
 public:
  bool insert(std::string_view w, uint64_t h) {
    if (2 * (used_.size() + 1) > slots_.size()) grow();
    size_t i = h & (slots_.size() - 1);
    for (; slots_[i].data(); i = (i + 1) & (slots_.size() - 1))
      if (slots_[i] == w) return false;
    slots_[i] = w;
    used_.push_back(static_cast<uint32_t>(i));
    return true;
  }
  // Empties the slots used, not the whole table: the table keeps the size
  // of the largest file met, and most files are small.
  void clear() {
    for (uint32_t i : used_) slots_[i] = std::string_view();
    used_.clear();
  }

 private:
  void grow() {
    std::vector<std::string_view> old;
    for (uint32_t i : used_) old.push_back(slots_[i]);
    slots_.assign(slots_.empty() ? 1024 : 2 * slots_.size(), std::string_view());
    used_.clear();
    for (std::string_view w : old) insert(w, hash_bytes(w));
  }
  std::vector<std::string_view> slots_;
  std::vector<uint32_t> used_;
};

}  // namespace

namespace {

template <typename Add>
void each_word(std::string_view text, const Add& add) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    if (!is_word_byte(p[i])) {
      i++;
      continue;
    }
    size_t start = i;
    while (i < n && is_word_byte(p[i])) i++;
    if (p[start] >= '0' && p[start] <= '9') continue;
    add(std::string_view(text.data() + start, i - start));
  }
}

}  // namespace

void identifier_words(std::string_view text, std::vector<std::string_view>& out, std::vector<uint64_t>& hashes) {
  thread_local WordSet seen;
  each_word(text, [&](std::string_view w) {
    uint64_t h = hash_bytes(w);
    if (seen.insert(w, h)) {
      out.push_back(w);
      hashes.push_back(h);
    }
  });
  seen.clear();  // the views must not outlive the text in the set
}

}  // namespace ksince
