#include "idents/ident_query.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "facts/identifier_defs.h"
#include "idents/ident_presence.h"
#include "idents/ident_tags.h"
#include "facts/c_source.h"
#include "store/feature_version.h"
#include "util/error.h"

namespace ksince {

namespace {

// The index's tags, newest first.
std::vector<std::string> ident_tags(Store& store) {
  std::vector<std::string> names;
  for (IdentTag& t : read_ident_tags(store)) names.push_back(std::move(t.name));
  return names;
}

IdentPresenceAnswer presence_answer(const std::vector<std::string>& newest_first, std::string_view runs,
                                    const char* what) {
  std::vector<uint8_t> oldest_first = decode_runs(runs, newest_first.size(), what);
  std::vector<uint8_t> present(oldest_first.rbegin(), oldest_first.rend());
  IdentPresenceAnswer a;
  VersionAnswer v = version_of(newest_first, present);
  a.version = v.version;
  a.prev = v.prev;
  for (size_t t = 0; t < present.size(); t++)
    if (present[t]) a.present.push_back(newest_first[t]);
  Lifecycle l = lifecycle_of(newest_first, present);
  a.first_seen = l.first_seen;
  a.removed_in = l.removed_in;
  a.returned_in = l.returned_in;
  return a;
}

}  // namespace

bool has_identifiers(Store& store) { return store.schema_version() >= 10 && store.meta("ident_tags").has_value(); }

namespace {

// Each series' answers, from the row's per-series runs over the points the
// identifier index read (meta 'ident_series'); the base's presence is the
// releases' answer at that tag.
std::vector<IdentSeriesAnswer> series_of(Store& store, const IdentAnswer& a, std::string_view runs,
                                         const std::string& only) {
  std::vector<IdentSeriesAnswer> out;
  std::vector<SeriesRuns> rows = decode_series_runs(runs, "ident_answers.series");
  std::vector<StoredSeries> bases = read_series(store);
  for (const IdentSeries& s : read_ident_series(store)) {
    if (!only.empty() && s.name != only && s.name + ".y" != only) continue;
    StoredSeries stored{s.id, s.name, "", 0, {}};
    for (const StoredSeries& b : bases)
      if (b.name == s.name) stored.base = b.base;
    for (size_t i = s.points.size(); i-- > 0;) stored.points.push_back({0, s.points[i].name, s.labels[i], 0, ""});
    SeriesRuns mine;
    for (const SeriesRuns& r : rows)
      if (r.series_id == s.id) mine = r;
    auto answer = [&](const std::string& r, const IdentPresenceAnswer& releases) {
      std::vector<uint8_t> at = decode_runs(r, s.points.size(), "ident_answers.series");  // oldest first
      auto base = [&] {
        return std::find(releases.present.begin(), releases.present.end(), stored.base) != releases.present.end();
      };
      return series_answer(stored, [&](size_t i) { return at[at.size() - 1 - i] != 0; }, base);
    };
    out.push_back({answer(mine.mentioned, a.mentioned), answer(mine.defined, a.defined)});
  }
  return out;
}

}  // namespace

std::optional<IdentAnswer> identifier_answer(Store& store, const std::string& name, const std::string& series) {
  if (!has_identifiers(store)) return std::nullopt;
  Stmt s = store.prepare(
      "SELECT a.mentioned, a.defined, a.kinds, a.series FROM ident_names n JOIN ident_answers a ON a.ident_id = n.id "
      "WHERE n.name = ?");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  IdentAnswer a;
  a.name = name;
  a.tags = ident_tags(store);
  a.mentioned = presence_answer(a.tags, s.blob(0), "ident_answers.mentioned");
  a.defined = presence_answer(a.tags, s.blob(1), "ident_answers.defined");
  int64_t kinds = s.i64(2);
  for (int k = 0; k < kDefKinds; k++)
    if (kinds >> k & 1) a.kinds.emplace_back(def_kind_name(static_cast<DefKind>(k)));
  // A row holds only the series where some point has the name.
  if (a.mentioned.present.empty() && a.defined.present.empty() && s.blob(3).empty()) return std::nullopt;
  a.series = series_of(store, a, s.blob(3), series);
  return a;
}

NeedsAnswer kernel_needed(Store& store, const std::vector<std::string>& names) {
  NeedsAnswer out;
  size_t newest = SIZE_MAX;  // index in the tags, newest first: smaller is newer
  for (const std::string& n : names) {
    std::optional<IdentAnswer> a = identifier_answer(store, n);
    if (!a || a->defined.version.empty()) {
      out.undefined.push_back(n);
      continue;
    }
    size_t at = std::find(a->tags.begin(), a->tags.end(), a->defined.version) - a->tags.begin();
    if (at < newest) {
      newest = at;
      out.needs = a->defined.version;
      out.needs_from.clear();
    }
    if (at == newest) out.needs_from.push_back(n);
    out.answers.push_back(std::move(*a));
  }
  return out;
}

std::string prefix_end(const std::string& prefix) {
  std::string end = prefix;
  end.back() = static_cast<char>(end.back() + 1);  // identifiers are ASCII words: no overflow
  return end;
}

bool is_glob(const std::string& s) { return s.find_first_of("*?") != std::string::npos; }

std::vector<std::string> identifiers_matching(Store& store, const std::string& glob, size_t limit, size_t& total) {
  total = 0;
  std::vector<std::string> out;
  if (!has_identifiers(store)) return out;
  // The literal prefix bounds a range of the name tree; GLOB checks the rest.
  std::string prefix = glob.substr(0, glob.find_first_of("*?["));
  std::string sql =
      "SELECT n.name FROM ident_names n JOIN ident_answers a ON a.ident_id = n.id "
      "WHERE n.name GLOB ?1 AND (length(a.mentioned) > 0 OR length(a.defined) > 0)";
  if (!prefix.empty()) sql += " AND n.name >= ?2 AND n.name < ?3";
  sql += " ORDER BY n.name";
  Stmt s = store.prepare(sql);
  s.bind(1, glob);
  if (!prefix.empty()) s.bind(2, prefix).bind(3, prefix_end(prefix));
  while (s.step()) {
    if (out.size() < limit) out.push_back(s.text(0));
    total++;
  }
  return out;
}

}  // namespace ksince
