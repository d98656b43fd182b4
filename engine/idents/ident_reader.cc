#include "idents/ident_reader.h"

#include <algorithm>

#include "scan/identifier_words.h"

namespace ksince {

IdentRecord read_ident_record(std::string_view text, DefSyntax syntax, NameCache& names,
                              std::vector<std::string_view>& scratch) {
  IdentRecord r;
  thread_local std::vector<uint64_t> hashes;
  scratch.clear();
  hashes.clear();
  identifier_words(text, scratch, hashes);
  r.words.reserve(scratch.size());
  for (size_t i = 0; i < scratch.size(); i++) r.words.push_back(names.id(scratch[i], hashes[i]));
  std::sort(r.words.begin(), r.words.end());
  for (const Definition& d : find_definitions(syntax, text)) r.defs.push_back({names.id(d.name), d.kind, d.line});
  std::sort(r.defs.begin(), r.defs.end());
  r.defs.erase(std::unique(r.defs.begin(), r.defs.end()), r.defs.end());
  return r;
}

}  // namespace ksince
