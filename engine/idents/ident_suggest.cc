#include "idents/ident_suggest.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "idents/ident_query.h"
#include "store/known_names.h"

namespace ksince {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::vector<std::string> nearest_identifiers(Store& store, const std::string& name, size_t limit) {
  std::vector<std::string> out;
  if (!has_identifiers(store) || name.empty()) return out;
  const size_t bound = std::clamp<size_t>(name.size() / 3, 1, 3);
  const std::string want = lower(name);
  std::set<std::pair<size_t, std::string>> best;  // (distance, name)
  std::set<std::string> seen;
  // Names sharing a prefix of the name: the longest prefix first, and the
  // same with the first letter's case flipped (Folio_put, folio_put).
  constexpr size_t kPerRange = 4000;
  Stmt range = store.prepare(
      "SELECT n.name FROM ident_names n JOIN ident_answers a ON a.ident_id = n.id "
      "WHERE n.name >= ?1 AND n.name < ?2 AND (length(a.mentioned) > 0 OR length(a.defined) > 0) LIMIT ?3");
  std::vector<std::string> firsts = {name};
  std::string flipped = name;
  flipped[0] = static_cast<char>(std::isupper(static_cast<unsigned char>(name[0]))
                                     ? std::tolower(static_cast<unsigned char>(name[0]))
                                     : std::toupper(static_cast<unsigned char>(name[0])));
  if (flipped != name) firsts.push_back(flipped);
  for (size_t len = std::min<size_t>(name.size(), 8); len >= 1 && best.size() < limit; len--) {
    for (const std::string& f : firsts) {
      std::string prefix = f.substr(0, len);
      range.bind(1, prefix).bind(2, prefix_end(prefix)).bind(3, int64_t(kPerRange));
      while (range.step()) {
        std::string n = range.text(0);
        if (n == name || !seen.insert(n).second) continue;
        size_t d = edit_distance(lower(n), want, bound);
        if (d <= bound) best.insert({d, n});
      }
      range.reset();
    }
  }
  for (const auto& [d, n] : best) {
    if (out.size() == limit) break;
    out.push_back(n);
  }
  return out;
}

}  // namespace ksince
