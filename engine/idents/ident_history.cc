#include "idents/ident_history.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "facts/identifier_defs.h"
#include "idents/ident_reader.h"
#include "idents/ident_record.h"
#include "idents/ident_tags.h"
#include "store/packed_text.h"
#include "store/series_answers.h"
#include "util/error.h"
#include "util/lines.h"

namespace ksince {

namespace {

// Blobs by path in the tags' trees; each tree read once.
class PathLookup {
 public:
  explicit PathLookup(const Repo& repo) : repo_(repo) {}
  std::optional<Oid> blob_at(const Oid& root, const std::string& path) {
    Oid tree = root;
    size_t start = 0;
    while (true) {
      size_t slash = path.find('/', start);
      const std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
      const TreeEntry* e = entry(tree, part);
      if (!e) return std::nullopt;
      if (slash == std::string::npos) return e->kind == EntryKind::File ? std::optional<Oid>(e->oid) : std::nullopt;
      if (e->kind != EntryKind::Tree) return std::nullopt;
      tree = e->oid;
      start = slash + 1;
    }
  }

 private:
  const TreeEntry* entry(const Oid& tree, const std::string& name) {
    auto it = trees_.find(tree);
    if (it == trees_.end()) {
      std::vector<TreeEntry> entries;
      repo_.read_tree(tree, entries);
      it = trees_.emplace(tree, std::move(entries)).first;
    }
    for (const TreeEntry& e : it->second)
      if (e.name == name) return &e;
    return nullptr;
  }
  const Repo& repo_;
  std::unordered_map<Oid, std::vector<TreeEntry>, OidHash> trees_;
};

// The stored records and shape texts `history` reads.
class Records {
 public:
  explicit Records(Store& store)
      : blob_(store.prepare("SELECT id FROM blobs WHERE oid = ?")),
        rec_(store.prepare("SELECT defs, shapes FROM ident_blobs WHERE key = ? AND reader = ?")),
        text_(store.prepare("SELECT text FROM ident_shape_texts WHERE hash = ?")) {}

  // The shapes of `id` in the blob read as `syntax` (object-like macros
  // from its definitions), in record order.
  std::vector<ShapeAt> of(const Oid& blob, DefSyntax syntax, uint32_t id, const std::string& path, bool header) {
    std::vector<ShapeAt> out;
    blob_.bind_blob(1, blob.raw());
    const bool known = blob_.step();
    const int64_t key = known ? blob_.i64(0) * 8 + static_cast<int64_t>(syntax) : 0;
    blob_.reset();
    if (!known) return out;
    rec_.bind(1, key).bind(2, int64_t(kIdentReaderVersion));
    if (rec_.step() && !rec_.is_null(1)) {
      decode_shapes(rec_.blob(1), shapes_, "ident_blobs.shapes");
      decode_defs(rec_.blob(0), defs_, "ident_blobs.defs");
      for (const IdentShape& s : shapes_)
        if (s.id == id) out.push_back({path, s.line, s.kind, text(s.hash)});
      for (const IdentDef& d : defs_)
        if (header && d.id == id && d.kind == DefKind::Macro && !function_like_at(id, d.line))
          out.push_back({path, d.line, ShapeKind::ObjMacro, ""});
    }
    rec_.reset();
    return out;
  }

 private:
  bool function_like_at(uint32_t id, uint32_t line) const {
    for (const IdentShape& s : shapes_)
      if (s.id == id && s.line == line && s.kind == ShapeKind::FnMacro) return true;
    return false;
  }
  const std::string& text(uint64_t hash) {
    auto it = texts_.find(hash);
    if (it != texts_.end()) return it->second;
    text_.bind(1, static_cast<int64_t>(hash));
    std::string t = text_.step() ? unpack_text(text_.blob(0), "ident_shape_texts.text") : "";
    text_.reset();
    return texts_.emplace(hash, std::move(t)).first->second;
  }
  Stmt blob_, rec_, text_;
  std::vector<IdentShape> shapes_;
  std::vector<IdentDef> defs_;
  std::unordered_map<uint64_t, std::string> texts_;
};

// One aspect of the name at one tag: its distinct shapes and where they are.
struct AspectState {
  std::vector<std::pair<ShapeKind, std::string>> shapes;  // sorted, unique
  std::vector<ShapeAt> at;
};
using TagState = std::map<std::string, AspectState>;  // aspect -> state

// The aspects of one tag's shapes: "export"; "definition" from the API
// headers where they have one, else each file's own definitions.
TagState aspects_of(const std::vector<ShapeAt>& all, const std::string& arch) {
  TagState out;
  bool in_headers = false;
  for (const ShapeAt& s : all) in_headers |= s.kind != ShapeKind::Export && is_api_header(s.path, arch);
  for (const ShapeAt& s : all) {
    std::string aspect;
    if (s.kind == ShapeKind::Export) {
      aspect = "export";
    } else if (in_headers) {
      if (!is_api_header(s.path, arch)) continue;
      aspect = "definition";
    } else {
      if (s.kind == ShapeKind::Prototype) continue;  // a declaration outside the headers is no definition
      aspect = s.path;
    }
    AspectState& st = out[aspect];
    st.at.push_back(s);
    ShapeKind k = s.kind == ShapeKind::Prototype ? ShapeKind::Function : s.kind;
    st.shapes.emplace_back(k, s.text);
  }
  for (auto& [a, st] : out) {
    std::sort(st.shapes.begin(), st.shapes.end());
    st.shapes.erase(std::unique(st.shapes.begin(), st.shapes.end()), st.shapes.end());
  }
  return out;
}

// A member of a struct or union as an aspect of its own: its type.
TagState member_of(const TagState& whole, const std::string& member, ShapeKind kind) {
  TagState out;
  for (const auto& [aspect, st] : whole) {
    for (size_t i = 0; i < st.at.size(); i++) {
      if (st.at[i].kind != kind) continue;
      for (const std::string& l : lines_of(st.at[i].text)) {
        size_t tab = l.find('\t');
        if (l.substr(0, tab) != member) continue;
        AspectState& m = out[aspect == "definition" ? "member" : aspect];
        m.at.push_back(st.at[i]);
        m.shapes.emplace_back(ShapeKind::Variable, tab == std::string::npos ? "" : l.substr(tab + 1));
      }
    }
  }
  for (auto& [a, st] : out) {
    std::sort(st.shapes.begin(), st.shapes.end());
    st.shapes.erase(std::unique(st.shapes.begin(), st.shapes.end()), st.shapes.end());
  }
  return out;
}

}  // namespace

bool is_api_header(const std::string& path, const std::string& arch) {
  return path.rfind("include/", 0) == 0 || path.rfind("arch/" + arch + "/include/", 0) == 0;
}

namespace {

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

namespace {

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

}  // namespace

struct HistoryReader::Impl {
  Impl(Store& s, const Repo& r, const std::string& a, const std::string& series)
      : store(s), arch(a), series(series), tags(history_tags(s, series)), lookup(r), records(s),
        idq(s.prepare("SELECT id FROM ident_names WHERE name = ?")),
        pq(s.prepare("SELECT p.path FROM ident_shape_paths s JOIN ident_paths p ON p.id = s.path_id "
                     "WHERE s.ident_id = ? ORDER BY p.path")) {}
  Store& store;
  std::string arch, series;
  std::vector<IdentTag> tags;
  PathLookup lookup;
  Records records;
  Stmt idq, pq;
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
  Stmt& idq = impl_->idq;
  const bool known = idq.bind(1, base).step();
  const uint32_t id = known ? static_cast<uint32_t>(idq.i64(0)) : 0;
  idq.reset();
  if (!known) return std::nullopt;
  std::vector<std::string> paths;
  Stmt& pq = impl_->pq;
  for (pq.bind(1, int64_t(id)); pq.step();) paths.emplace_back(pq.text(0));
  pq.reset();
  if (paths.empty()) return std::nullopt;

  const std::vector<IdentTag>& tags = impl_->tags;
  PathLookup& lookup = impl_->lookup;
  Records& records = impl_->records;
  std::set<std::string> ever;
  TagState before;
  bool any = false;
  const std::string shown = h.member.empty() ? base : base + "." + h.member;
  for (size_t t = 0; t < tags.size(); t++) {
    std::vector<ShapeAt> all;
    for (const std::string& p : paths)
      if (std::optional<Oid> blob = lookup.blob_at(tags[t].tree, p)) {
        std::vector<ShapeAt> got = records.of(*blob, def_syntax_of(p), id, p, is_api_header(p, arch));
        all.insert(all.end(), got.begin(), got.end());
      }
    TagState now = aspects_of(all, arch);
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
                       ever.count(a) > 0, !h.member.empty(), HistoryChange{tags[t - 1].name, tags[t].name},
                       h.changes);
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
    changes.push_back({{"prev", c.prev}, {"version", c.version}, {"aspect", c.aspect}, {"change", c.what},
                       {"detail", c.detail}, {"before", c.before}, {"after", c.after}, {"old", c.old_shape},
                       {"new", c.new_shape}, {"old_at", places_json(c.old_at)}, {"new_at", places_json(c.new_at)}});
  j["changes"] = changes;
  return j;
}

}  // namespace ksince
