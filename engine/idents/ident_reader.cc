#include "idents/ident_reader.h"

#include <algorithm>

#include "scan/identifier_words.h"

namespace ksince {

IdentRecord read_ident_record(std::string_view text, DefSyntax syntax, NameCache& names, IdentScratch& scratch,
                              ShapeTexts* texts) {
  IdentRecord r;
  scratch.words.clear();
  scratch.hashes.clear();
  identifier_words(text, scratch.words, scratch.hashes);
  r.words.reserve(scratch.words.size());
  for (size_t i = 0; i < scratch.words.size(); i++) r.words.push_back(names.id(scratch.words[i], scratch.hashes[i]));
  std::sort(r.words.begin(), r.words.end());
  std::vector<Shape> shapes;
  for (const Definition& d : find_definitions(syntax, text, texts ? &shapes : nullptr))
    r.defs.push_back({names.id(d.name), d.kind, d.line});
  std::sort(r.defs.begin(), r.defs.end());
  r.defs.erase(std::unique(r.defs.begin(), r.defs.end()), r.defs.end());
  for (Shape& s : shapes) {
    uint64_t h = shape_hash(s.kind, s.text);
    r.shapes.push_back({names.id(s.name), s.kind, s.line, h});
    texts->emplace_back(h, std::move(s.text));
  }
  std::sort(r.shapes.begin(), r.shapes.end());
  r.shapes.erase(std::unique(r.shapes.begin(), r.shapes.end()), r.shapes.end());
  return r;
}

}  // namespace ksince
