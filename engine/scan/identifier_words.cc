#include "scan/identifier_words.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "util/hash.h"

namespace ksince {

namespace {

// A small open-addressing set of the text's words, reused across calls on a
// thread: a kernel file mentions a few hundred distinct words many times.
// The storage keeps the size of the largest file met, but each text uses
// only as many slots as its size calls for: a small file's words stay in a
// small, cached part of it.
class WordSet {
 public:
  void begin(size_t text_size) {
    size_t want = 1024;
    while (want < text_size / 16 && want < kMaxGuess) want *= 2;
    use(want);
  }

  bool insert(std::string_view w, uint64_t h) {
    if (2 * (used_.size() + 1) > mask_ + 1) grow();
    size_t i = h & mask_;
    for (; slots_[i].data; i = (i + 1) & mask_)
      if (slots_[i].hash == h && slots_[i].size == w.size() && std::memcmp(slots_[i].data, w.data(), w.size()) == 0)
        return false;
    slots_[i] = {h, w.data(), static_cast<uint32_t>(w.size())};
    used_.push_back(static_cast<uint32_t>(i));
    return true;
  }

  // Empties the slots used, not the whole table.
  void clear() {
    for (uint32_t i : used_) slots_[i] = Slot();
    used_.clear();
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    const char* data = nullptr;
    uint32_t size = 0;
  };

  void use(size_t n) {
    if (slots_.size() < n) slots_.resize(n);
    mask_ = n - 1;
  }

  void grow() {
    std::vector<Slot> old;
    for (uint32_t i : used_) old.push_back(slots_[i]);
    clear();
    use(2 * (mask_ + 1));
    for (const Slot& s : old) insert({s.data, s.size}, s.hash);
  }

  // Beyond this a text's slots follow its words, not its size: generated
  // headers of tens of MB hold few distinct words for their size.
  static constexpr size_t kMaxGuess = size_t(1) << 16;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  std::vector<uint32_t> used_;
};

// 1: a word byte that may start a word; 2: a digit (a word byte that may not).
struct WordBytes {
  uint8_t cls[256] = {};
  constexpr WordBytes() {
    for (int c = 0; c < 256; c++)
      cls[c] = is_word_byte(static_cast<unsigned char>(c)) ? (c >= '0' && c <= '9' ? 2 : 1) : 0;
  }
};
constexpr WordBytes kWordBytes;

template <typename Add>
void each_word(std::string_view text, const Add& add) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const uint8_t first = kWordBytes.cls[p[i]];
    if (!first) {
      i++;
      continue;
    }
    size_t start = i++;
    while (i < n && kWordBytes.cls[p[i]]) i++;
    if (first == 2) continue;
    add(std::string_view(text.data() + start, i - start));
  }
}

}  // namespace

void identifier_words(std::string_view text, std::vector<std::string_view>& out, std::vector<uint64_t>& hashes) {
  thread_local WordSet tls_seen;
  WordSet& seen = tls_seen;
  seen.begin(text.size());
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
