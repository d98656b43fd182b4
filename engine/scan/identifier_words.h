#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace ksince {

// The identifiers a text mentions, as `git grep -w` sees words: maximal runs
// of [A-Za-z0-9_] that do not start with a digit (a run that starts with one,
// "0x1f" or "4k", holds no whole word that git grep -w would find). Every
// other byte, UTF-8 included, ends a word. Appends each distinct one once,
// in order of first appearance (the views point into `text`), with its
// hash_bytes() (util/hash.h), which the caller's next table would compute
// again.
void identifier_words(std::string_view text, std::vector<std::string_view>& out, std::vector<uint64_t>& hashes);

// Is this byte a word character for git grep -w?
constexpr bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace ksince
