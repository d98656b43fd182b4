#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "facts/identifier_defs.h"
#include "idents/ident_record.h"
#include "idents/name_table.h"

namespace ksince {

// Bumped whenever what a blob's record says for some text changes, so that
// every blob is read again (ident_blobs.reader).
constexpr int kIdentReaderVersion = 1;

// A reading thread's buffers, reused from blob to blob.
struct IdentScratch {
  std::vector<std::string_view> words;
  std::vector<uint64_t> hashes;
};

// A shape's hash and text, to be kept once in ident_shape_texts.
using ShapeTexts = std::vector<std::pair<uint64_t, std::string>>;

// Reads one blob's text as `syntax` into its record, the names interned
// through the thread's cache. With `texts`, the shapes too, their texts
// added there.
IdentRecord read_ident_record(std::string_view text, DefSyntax syntax, NameCache& names, IdentScratch& scratch,
                              ShapeTexts* texts = nullptr);

}  // namespace ksince
