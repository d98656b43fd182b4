#include "idents/ident_reader.h"

#include <algorithm>

#include "scan/identifier_words.h"

namespace ksince {

IdentRecord read_ident_record(std::string_view text, DefSyntax syntax, NameCache& names, IdentScratch& scratch) {
  IdentRecord r;
  scratch.words.clear();
  scratch.hashes.clear();
  identifier_words(text, scratch.words, scratch.hashes);
  r.words.reserve(scratch.words.size());
  for (size_t i = 0; i < scratch.words.size(); i++) r.words.push_back(names.id(scratch.words[i], scratch.hashes[i]));
  std::sort(r.words.begin(), r.words.end());
  for (const Definition& d : find_definitions(syntax, text)) r.defs.push_back({names.id(d.name), d.kind, d.line});
  std::sort(r.defs.begin(), r.defs.end());
  r.defs.erase(std::unique(r.defs.begin(), r.defs.end()), r.defs.end());
  return r;
}

}  // namespace ksince
