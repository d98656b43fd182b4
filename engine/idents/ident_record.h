#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "facts/def_shapes.h"
#include "facts/identifier_defs.h"

namespace ksince {

// What the identifier index keeps of one blob read with one syntax: the ids
// of the words it mentions and of the names it defines, where and how.
struct IdentDef {
  uint32_t id;
  DefKind kind;
  uint32_t line;
  auto operator<=>(const IdentDef&) const = default;
};
// A shape the blob defines or declares (facts/def_shapes.h), by its hash
// (ident_shape_texts holds the text).
struct IdentShape {
  uint32_t id;
  ShapeKind kind;
  uint32_t line;
  uint64_t hash;
  auto operator<=>(const IdentShape&) const = default;
};
struct IdentRecord {
  std::vector<uint32_t> words;    // ascending, unique
  std::vector<IdentDef> defs;     // ascending by (id, kind, line), unique
  std::vector<IdentShape> shapes;  // ascending, unique; empty when read without shapes
};

// Varint encodings (ident_blobs.words and .defs): deltas of ascending ids.
std::string encode_words(const std::vector<uint32_t>& words);
std::string encode_defs(const std::vector<IdentDef>& defs);
std::string encode_shapes(const std::vector<IdentShape>& shapes);
// Throw Error, naming `what`, on a list that is not one of the above.
void decode_words(std::string_view in, std::vector<uint32_t>& out, const char* what);
void decode_defs(std::string_view in, std::vector<IdentDef>& out, const char* what);
void decode_shapes(std::string_view in, std::vector<IdentShape>& out, const char* what);

}  // namespace ksince
