#include "idents/ident_history.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "idents/ident_tags.h"
#include "store/series_answers.h"
#include "util/error.h"

namespace ksince {

namespace {

HistoryChange change_at(const std::string& prev, const std::string& version) {
  HistoryChange c;
  c.prev = prev;
  c.version = version;
  return c;
}

std::string render_all(const std::string& name, const AspectState& st, const std::vector<std::string>& marks) {
  std::string out;
  for (const auto& [k, t] : st.shapes) out += (out.empty() ? "" : " | ") + render_shape(name, k, t, marks);
  return out;
}

// The changes of one aspect between two tags.
void compare_aspect(const std::string& shown, const std::string& aspect, const AspectState* a, const AspectState* b,
                    bool seen_before, bool member, HistoryChange base, std::vector<HistoryChange>& out) {
  base.aspect = aspect;
  if (a) base.old_at = a->at;
  if (b) base.new_at = b->at;
  const bool is_export = aspect == "export";
  if (!a || !b) {
    const AspectState& st = a ? *a : *b;
    base.what = is_export ? "export changed" : member ? (a ? "member removed" : "member added")
                : a ? "removed" : seen_before ? "came back" : "added";
    (a ? base.old_shape : base.new_shape) = render_all(shown, st, {});
    if (is_export) (a ? base.after : base.before) = "none";
    out.push_back(base);
    return;
  }
  if (a->shapes == b->shapes) return;
  if (a->shapes.size() != 1 || b->shapes.size() != 1) {
    base.what = "several shapes";  // two header shapes (#ifdef branches): shown side by side
    base.old_shape = render_all(shown, *a, {});
    base.new_shape = render_all(shown, *b, {});
    out.push_back(base);
    return;
  }
  const auto& [ka, ta] = a->shapes[0];
  const auto& [kb, tb] = b->shapes[0];
  for (const ShapeChange& c : diff_shapes(ka, ta, kb, tb)) {
    HistoryChange h = base;
    h.what = member && c.what == "type changed" ? "member type changed" : c.what;
    h.detail = c.detail;
    h.before = c.before;
    h.after = c.after;
    h.old_shape = render_shape(shown, ka, ta, {c.detail});
    h.new_shape = render_shape(shown, kb, tb, {c.detail});
    out.push_back(std::move(h));
  }
}

}  // namespace

// The tags a history is over, oldest first, with the names it shows them by.
std::vector<IdentTag> history_tags(Store& store, const std::string& series) {
  std::vector<IdentTag> releases = read_ident_tags(store);
  std::reverse(releases.begin(), releases.end());
  if (series.empty()) return releases;
  const StoredSeries stored = read_series(store, series).front();  // an Error naming the indexed ones
  std::vector<IdentTag> out;
  for (const IdentTag& t : releases)
    if (t.name == stored.base) out.push_back(t);
  for (const IdentSeries& s : read_ident_series(store))
    if (s.id == stored.id)
      for (size_t i = 0; i < s.points.size(); i++) {
        out.push_back(s.points[i]);
        out.back().name = s.labels[i];
      }
  return out;
}

struct HistoryReader::Impl {
  Impl(Store& s, const Repo& r, const std::string& a, const std::string& series)
      : store(s), arch(a), series(series), tags(history_tags(s, series)), lookup(r), records(s, r),
        idq(s.prepare("SELECT id FROM ident_names WHERE name = ?")), paths(s) {}
  Store& store;
  std::string arch, series;
  std::vector<IdentTag> tags;
  PathLookup lookup;
  ShapeRecords records;
  Stmt idq;
  ShapePaths paths;
};

HistoryReader::HistoryReader(Store& store, const Repo& repo, const std::string& arch, const std::string& series) {
  if (store.meta("ident_shapes").value_or("0") != "1")
    throw Error(cat(store.path(), " has no definitions' shapes: run `ksince index --identifiers` without --no-shapes"));
  require_current_ident_reader(store);
  impl_ = std::make_unique<Impl>(store, repo, arch, series);
}

HistoryReader::~HistoryReader() = default;

std::vector<std::string> HistoryReader::tags() const {
  std::vector<std::string> out;
  for (const IdentTag& t : impl_->tags) out.push_back(t.name);
  return out;
}

std::optional<IdentHistory> identifier_history(Store& store, const Repo& repo, const std::string& name,
                                               const std::string& arch, const std::string& series) {
  return HistoryReader(store, repo, arch, series).read(name);
}

std::optional<IdentHistory> HistoryReader::read(const std::string& name) {
  const std::string& arch = impl_->arch;
  IdentHistory h;
  h.arch = arch;
  h.series = impl_->series;
  std::string base = name;
  ShapeKind member_kind = ShapeKind::Struct;
  for (const char* tag : {"struct ", "union "})
    if (name.rfind(tag, 0) == 0 && name.find('.') != std::string::npos) {
      member_kind = tag[0] == 's' ? ShapeKind::Struct : ShapeKind::Union;
      base = name.substr(std::string(tag).size(), name.find('.') - std::string(tag).size());
      h.member = name.substr(name.find('.') + 1);
    }
  h.name = base;
  h.asked = name;
  h.member_kind = member_kind;
  Stmt& idq = impl_->idq;
  const bool known = idq.bind(1, base).step();
  const uint32_t id = known ? static_cast<uint32_t>(idq.i64(0)) : 0;
  idq.reset();
  if (!known) return std::nullopt;
  const std::vector<std::string> paths = impl_->paths.of(id);
  if (paths.empty()) return std::nullopt;

  const std::vector<IdentTag>& tags = impl_->tags;
  PathLookup& lookup = impl_->lookup;
  ShapeRecords& records = impl_->records;
  std::set<std::string> ever;
  TagState before;
  bool any = false;
  const std::string shown = h.member.empty() ? base : base + "." + h.member;
  for (size_t t = 0; t < tags.size(); t++) {
    TagState now = aspects_of(shapes_in_tree(lookup, records, tags[t].tree, paths, id, base, arch), arch);
    if (!h.member.empty()) now = member_of(now, h.member, member_kind);
    h.tags.push_back(tags[t].name);
    h.present.push_back(!now.empty());
    h.shapes.emplace_back();
    for (const auto& [a, st] : now)
      if (a != "export")
        for (const auto& [k, text] : st.shapes) h.shapes.back().push_back(text);
    any |= !now.empty();
    if (t > 0) {
      std::set<std::string> aspects;
      for (const auto& [a, st] : before) aspects.insert(a);
      for (const auto& [a, st] : now) aspects.insert(a);
      for (const std::string& a : aspects) {
        auto ia = before.find(a), ib = now.find(a);
        compare_aspect(shown, a, ia == before.end() ? nullptr : &ia->second, ib == now.end() ? nullptr : &ib->second,
                       ever.count(a) > 0, !h.member.empty(), change_at(tags[t - 1].name, tags[t].name), h.changes);
      }
    }
    for (const auto& [a, st] : now) ever.insert(a);
    before = std::move(now);
  }
  if (!any) return std::nullopt;
  return h;
}

namespace {

nlohmann::ordered_json places_json(const std::vector<ShapeAt>& at) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const ShapeAt& s : at)
    out.push_back({{"file", s.path}, {"line", s.line}, {"kind", shape_kind_name(s.kind)}});
  return out;
}

}  // namespace

nlohmann::ordered_json history_json(const IdentHistory& h) {
  nlohmann::ordered_json j = {{"name", h.name}};
  if (!h.member.empty()) j["member"] = h.member;
  j["arch"] = h.arch;
  if (!h.series.empty()) j["series"] = h.series;
  j["tags"] = h.tags;
  nlohmann::ordered_json present = nlohmann::ordered_json::array();
  for (size_t t = 0; t < h.tags.size(); t++)
    if (h.present[t]) present.push_back(h.tags[t]);
  j["present"] = present;
  nlohmann::ordered_json changes = nlohmann::ordered_json::array();
  for (const HistoryChange& c : h.changes)
  {
    nlohmann::ordered_json j = {{"prev", c.prev}, {"version", c.version}, {"aspect", c.aspect}, {"change", c.what},
                                {"detail", c.detail}, {"before", c.before}, {"after", c.after}, {"old", c.old_shape},
                                {"new", c.new_shape}, {"old_at", places_json(c.old_at)}, {"new_at", places_json(c.new_at)}};
    if (c.searched) j["commit"] = {{"id", c.commit}, {"exact", c.exact}, {"cut", c.cut}};
    changes.push_back(j);
  }
  j["changes"] = changes;
  return j;
}

}  // namespace ksince
