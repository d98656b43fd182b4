#include "store/known_names.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "store/store.h"

namespace ksince {

namespace {

std::string last_word(const std::string& key) {
  size_t sp = key.rfind(' ');
  return sp == std::string::npos ? key : key.substr(sp + 1);
}

// Every known name once (derived keys by their last word).
std::set<std::string> all_names(Store& store) {
  std::set<std::string> out;
  Stmt p = store.prepare("SELECT DISTINCT name FROM patterns WHERE active = 1");
  while (p.step()) out.insert(p.text(0));
  Stmt d = store.prepare("SELECT DISTINCT key FROM derived_facts");
  while (d.step()) out.insert(last_word(d.text(0)));
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::vector<std::string> names_with_prefix(Store& store, const std::string& prefix, size_t limit) {
  std::set<std::string> found;
  // A range on the name index (patterns_by_name) instead of LIKE, where '_' is
  // a wildcard and which SQLite cannot serve from the index case-sensitively.
  std::string upper = prefix + "\xff";
  Stmt p = store.prepare("SELECT DISTINCT name FROM patterns WHERE active = 1 AND name >= ?1 AND name < ?2 "
                         "ORDER BY name LIMIT ?3");
  p.bind(1, prefix).bind(2, upper).bind(3, static_cast<int64_t>(limit));
  while (p.step()) found.insert(p.text(0));
  // Derived keys: a whole key (one word) or the last word of a pair key
  // (prog_helper "BPF_PROG_TYPE_XDP bpf_loop"); few enough to read whole.
  Stmt d = store.prepare("SELECT DISTINCT key FROM derived_facts");
  while (d.step()) {
    std::string w = last_word(d.text(0));
    if (w.compare(0, prefix.size(), prefix) == 0) found.insert(w);
  }
  std::vector<std::string> out(found.begin(), found.end());
  if (out.size() > limit) out.resize(limit);
  return out;
}

size_t edit_distance(std::string_view a, std::string_view b, size_t bound) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > bound) return bound + 1;
  std::vector<size_t> row(a.size() + 1);
  for (size_t i = 0; i <= a.size(); i++) row[i] = i;
  for (size_t j = 1; j <= b.size(); j++) {
    size_t diag = row[0], best = row[0] = j;
    for (size_t i = 1; i <= a.size(); i++) {
      size_t up = row[i];
      row[i] = std::min({row[i] + 1, row[i - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
      best = std::min(best, row[i]);
    }
    if (best > bound) return bound + 1;
  }
  return std::min(row[a.size()], bound + 1);
}

std::vector<std::string> nearest_names(Store& store, const std::string& name, size_t limit) {
  size_t bound = std::clamp<size_t>(name.size() / 3, 1, 3);
  std::string want = lower(name);
  std::vector<std::pair<size_t, std::string>> near;
  for (const std::string& n : all_names(store)) {
    if (n == name) continue;  // known, but not where the caller looked
    size_t d = edit_distance(want, lower(n), bound);
    if (d <= bound) near.push_back({d, n});
  }
  std::sort(near.begin(), near.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < near.size() && i < limit; i++) out.push_back(near[i].second);
  return out;
}

}  // namespace ksince
