#pragma once

namespace ksince {

// Is c a word byte for git grep -w? (ASCII letters, digits, underscore.)
inline bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace ksince
