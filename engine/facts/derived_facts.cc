#include "facts/derived_facts.h"

#include <algorithm>
#include <map>
#include <set>

#include "util/error.h"
#include "store/read_answers.h"

namespace ksince {

namespace {

// The newest point (of any series, by name then) where a fact no release has
// is present: what its answer shows of it, with its presence left empty.
bool at_some_point(Store& store, int64_t fact_id, DerivedAnswer& a) {
  Stmt q = store.prepare(
      "SELECT t.name, p.attrs, p.file, p.line FROM tags t JOIN fact_presence p ON p.tag_id = t.id "
      "WHERE t.series IS NOT NULL AND p.fact_id = ? ORDER BY t.series_position, t.name LIMIT 1");
  q.bind(1, fact_id);
  if (!q.step()) return false;
  a.at = q.text(0);
  a.attrs = nlohmann::json::parse(q.text(1));
  a.file = q.text(2);
  a.line = static_cast<uint32_t>(q.i64(3));
  return true;
}

// Everything about the facts a WHERE clause on derived_facts d selects
// (`series_only`: those only points of a series have too).
std::vector<DerivedAnswer> load(Store& store, const std::string& where, const std::vector<std::string>& args,
                                const std::optional<std::string>& at, bool series_only = false) {
  std::vector<std::string> tags = selected_tags(store);
  std::map<std::string, size_t> pos;
  for (size_t i = 0; i < tags.size(); i++) pos.emplace(tags[i], i);
  if (at) tag_or_newest(store, at);  // throws for a tag the index did not select

  std::map<int64_t, DerivedAnswer> by_id;
  Stmt q = store.prepare(
      "SELECT d.id, d.kind, d.key, a.version, a.prev, a.commit_oid, a.commit_exact, "
      "coalesce(c.subject, ''), coalesce(c.date, 0) FROM derived_facts d " +
      std::string(series_only ? "LEFT " : "") + "JOIN fact_answers a ON a.fact_id = d.id "
      "LEFT JOIN commits c ON c.oid = a.commit_oid WHERE " + where);
  for (size_t i = 0; i < args.size(); i++) q.bind(static_cast<int>(i + 1), args[i]);
  while (q.step()) {
    DerivedAnswer a;
    a.kind = q.text(1);
    a.key = q.text(2);
    a.version = q.text(3);
    a.prev = q.text(4);
    a.commit = q.text(5);
    a.commit_exact = q.i64(6) != 0;
    a.commit_subject = q.text(7);
    a.commit_date = q.i64(8);
    by_id.emplace(q.i64(0), std::move(a));
  }

  // Presence per selected tag, with what each tag says.
  struct Row {
    size_t tag;
    std::string attrs, file;
    uint32_t line;
  };
  std::map<int64_t, std::vector<Row>> rows;
  // A point lookup per (tag, fact): the table is keyed by tag first, and a
  // lookup by fact alone would read all of it once per fact.
  std::vector<std::pair<int64_t, size_t>> tag_ids;  // selected tags: id, position
  for (Stmt t = store.prepare("SELECT id, name FROM tags WHERE position IS NOT NULL"); t.step();)
    if (auto it = pos.find(t.text(1)); it != pos.end()) tag_ids.emplace_back(t.i64(0), it->second);
  Stmt p = store.prepare("SELECT attrs, file, line FROM fact_presence WHERE tag_id = ? AND fact_id = ?");
  for (auto& [id, a] : by_id)
    for (auto [tag_id, at_pos] : tag_ids) {
      p.bind(1, tag_id).bind(2, id);
      if (p.step()) rows[id].push_back({at_pos, p.text(0), p.text(1), static_cast<uint32_t>(p.i64(2))});
      p.reset();
    }

  std::vector<DerivedAnswer> out;
  for (auto& [id, a] : by_id) {
    std::vector<uint8_t> present(tags.size(), 0);
    auto& rs = rows[id];
    std::sort(rs.begin(), rs.end(), [](const Row& x, const Row& y) { return x.tag < y.tag; });
    for (const Row& r : rs) present[r.tag] = 1;
    if (rs.empty()) {  // no selected release has it
      if (series_only && at_some_point(store, id, a)) out.push_back(std::move(a));
      continue;
    }
    size_t t;
    if (at) {
      t = pos.at(*at);
      if (!present[t]) continue;
    } else {
      t = rs.front().tag;  // the newest tag where present
    }
    for (const Row& r : rs) {
      a.present.push_back(tags[r.tag]);
      if (r.tag == t) {
        a.attrs = nlohmann::json::parse(r.attrs);
        a.file = r.file;
        a.line = r.line;
      }
    }
    a.at = tags[t];
    size_t s = t;
    while (s + 1 < tags.size() && present[s + 1]) s++;
    a.since = tags[s];
    for (size_t u = t; u-- > 0;)
      if (!present[u]) {
        a.until = tags[u];
        break;
      }
    a.lifecycle = lifecycle_of(tags, present);
    out.push_back(std::move(a));
  }
  std::sort(out.begin(), out.end(),
            [](const DerivedAnswer& x, const DerivedAnswer& y) { return std::tie(x.kind, x.key) < std::tie(y.kind, y.key); });
  return out;
}

}  // namespace

std::vector<DerivedAnswer> derived_facts(Store& store, const std::string& kind, const std::optional<std::string>& at,
                                         const std::string& first_word) {
  std::string tag = tag_or_newest(store, at);
  if (first_word.empty()) return load(store, "d.kind = ?1", {kind}, tag);
  return load(store, "d.kind = ?1 AND substr(d.key, 1, length(?2) + 1) = ?2 || ' '", {kind, first_word}, tag);
}

std::vector<DerivedAnswer> derived_facts_ever(Store& store, const std::string& kind, bool with_points) {
  return load(store, "d.kind = ?1", {kind}, std::nullopt, with_points);
}

std::optional<DerivedAnswer> derived_fact(Store& store, const std::string& kind, const std::string& key,
                                          const std::optional<std::string>& at) {
  std::vector<DerivedAnswer> one = load(store, "d.kind = ?1 AND d.key = ?2", {kind, key}, tag_or_newest(store, at));
  if (one.empty()) return std::nullopt;
  return std::move(one.front());
}

std::vector<DerivedAnswer> derived_facts_about(Store& store, const std::string& key) {
  // (Not LIKE: '_' in names is its wildcard.)
  return load(store,
              "d.key = ?1 OR (length(d.key) > length(?1) AND "
              "substr(d.key, length(d.key) - length(?1)) = ' ' || ?1)",
              {key}, std::nullopt, true);
}

namespace {

// The points and bases of `all` where `present` (a point lookup taking a
// tag id and the subject's id) finds a row: tables are keyed by tag first.
std::set<int64_t> tags_where(Store& store, const std::vector<StoredSeries>& all, const char* present, int64_t id) {
  std::set<int64_t> out;
  Stmt q = store.prepare(present);
  auto test = [&](int64_t tag) {
    if (tag && q.bind(1, tag).bind(2, id).step()) out.insert(tag);
    q.reset();
  };
  for (const StoredSeries& s : all) {
    test(s.base_tag_id);
    for (const StoredPoint& p : s.points) test(p.tag_id);
  }
  return out;
}

}  // namespace

std::vector<SeriesAnswer> fact_series_answers(Store& store, const std::string& kind, const std::string& key,
                                              const std::string& only) {
  std::vector<StoredSeries> all = read_series(store, only);
  if (all.empty()) return {};
  Stmt id = store.prepare("SELECT id FROM derived_facts WHERE kind = ? AND key = ?");
  id.bind(1, kind).bind(2, key);
  std::set<int64_t> here;
  if (id.step())
    here = tags_where(store, all, "SELECT 1 FROM fact_presence WHERE tag_id = ? AND fact_id = ?", id.i64(0));
  return series_answers(all, here);
}

std::vector<SeriesAnswer> pattern_series_answers(Store& store, const std::string& group, const std::string& name,
                                                 const std::string& only) {
  std::vector<StoredSeries> all = read_series(store, only);
  if (all.empty()) return {};
  Stmt p = store.prepare("SELECT kind, matcher_id FROM patterns WHERE group_name = ? AND name = ? AND active = 1");
  p.bind(1, group).bind(2, name);
  if (!p.step()) return series_answers(all, {});
  if (!p.text(0).empty()) return fact_series_answers(store, p.text(0), name, only);
  return series_answers(all, tags_where(store, all, "SELECT 1 FROM presence WHERE tag_id = ? AND matcher_id = ?",
                                        p.i64(1)));
}

std::pair<std::string, std::string> split_pair_key(const std::string& key) {
  size_t sp = key.find(' ');
  if (sp == std::string::npos) throw Error(cat("internal: a pair fact without two words: '", key, "'"));
  return {key.substr(0, sp), key.substr(sp + 1)};
}

std::string bare_version(const std::string& tag) {
  return tag.size() > 1 && tag[0] == 'v' ? tag.substr(1) : tag;
}

bool facts_derived(Store& store) { return store.meta("last_fact_key").has_value(); }

std::string stored_extractors_key(Store& store) {
  std::string k = store.meta("last_fact_key").value_or("");  // run key "/" extractors' key
  return k.substr(k.rfind('/') + 1);
}

bool has_derived_helpers(Store& store) {
  Stmt q = store.prepare(
      "SELECT 1 FROM derived_facts d JOIN fact_presence p ON p.fact_id = d.id "
      "WHERE d.kind IN ('prog_helper', 'map_helper', 'func_proto_helper') LIMIT 1");
  return q.step();
}

std::vector<StoredUnknown> fact_unknowns(Store& store, const std::string& tag) {
  std::vector<StoredUnknown> out;
  Stmt q = store.prepare(
      "SELECT u.extractor, u.file, u.line, u.what FROM fact_unknowns u JOIN tags t ON t.id = u.tag_id "
      "WHERE t.name = ? ORDER BY u.file, u.line");
  q.bind(1, tag);
  while (q.step()) out.push_back({q.text(0), q.text(1), q.text(3), static_cast<uint32_t>(q.i64(2))});
  return out;
}

}  // namespace ksince
