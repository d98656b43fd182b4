#include "idents/shape_view.h"

#include <algorithm>

#include "idents/ident_reader.h"
#include "store/packed_text.h"
#include "util/lines.h"

namespace ksince {

std::optional<Oid> PathLookup::blob_at(const Oid& root, const std::string& path) {
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

const TreeEntry* PathLookup::entry(const Oid& tree, const std::string& name) {
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

ShapeRecords::ShapeRecords(Store& store, const Repo& repo)
    : repo_(repo),
      blob_(store.prepare("SELECT id FROM blobs WHERE oid = ?")),
      rec_(store.prepare("SELECT defs, shapes FROM ident_blobs WHERE key = ? AND reader = ?")),
      text_(store.prepare("SELECT text FROM ident_shape_texts WHERE hash = ?")) {}

std::vector<ShapeAt> ShapeRecords::of(const Oid& blob, DefSyntax syntax, uint32_t id, const std::string& name,
                                      const std::string& path, bool header) {
  blob_.bind_blob(1, blob.raw());
  const bool known = blob_.step();
  const int64_t key = known ? blob_.i64(0) * 8 + static_cast<int64_t>(syntax) : 0;
  blob_.reset();
  rec_.bind(1, key).bind(2, int64_t(kIdentReaderVersion));
  if (!known || !rec_.step() || rec_.is_null(1)) {
    rec_.reset();
    return read_blob(blob, syntax, name, path, header);
  }
  std::vector<ShapeAt> out;
  decode_shapes(rec_.blob(1), shapes_, "ident_blobs.shapes");
  decode_defs(rec_.blob(0), defs_, "ident_blobs.defs");
  rec_.reset();
  for (const IdentShape& s : shapes_)
    if (s.id == id) out.push_back({path, s.line, s.kind, text(s.hash)});
  for (const IdentDef& d : defs_)
    if (header && d.id == id && d.kind == DefKind::Macro && !function_like_at(id, d.line))
      out.push_back({path, d.line, ShapeKind::ObjMacro, ""});
  return out;
}

// A blob of a commit between the indexed tags: read, and its shapes found
// as an index run finds them.
std::vector<ShapeAt> ShapeRecords::read_blob(const Oid& blob, DefSyntax syntax, const std::string& name,
                                             const std::string& path, bool header) {
  std::vector<ShapeAt> out;
  std::string text;
  repo_.read_blob(blob, text);
  if (syntax == DefSyntax::None || text.find(name.substr(name.rfind("CONFIG_", 0) == 0 ? 7 : 0)) == std::string::npos)
    return out;
  std::vector<Shape> shapes;
  std::vector<Definition> defs = find_definitions(syntax, text, &shapes);
  std::sort(shapes.begin(), shapes.end(), [](const Shape& a, const Shape& b) { return a.line < b.line; });
  for (Shape& s : shapes)
    if (s.name == name) out.push_back({path, s.line, s.kind, std::move(s.text)});
  for (const Definition& d : defs) {
    if (!header || d.name != name || d.kind != DefKind::Macro) continue;
    bool fn = std::any_of(out.begin(), out.end(), [&](const ShapeAt& s) { return s.line == d.line && s.kind == ShapeKind::FnMacro; });
    if (!fn) out.push_back({path, d.line, ShapeKind::ObjMacro, ""});
  }
  return out;
}

bool ShapeRecords::function_like_at(uint32_t id, uint32_t line) const {
  for (const IdentShape& s : shapes_)
    if (s.id == id && s.line == line && s.kind == ShapeKind::FnMacro) return true;
  return false;
}

const std::string& ShapeRecords::text(uint64_t hash) {
  auto it = texts_.find(hash);
  if (it != texts_.end()) return it->second;
  text_.bind(1, static_cast<int64_t>(hash));
  std::string t = text_.step() ? unpack_text(text_.blob(0), "ident_shape_texts.text") : "";
  text_.reset();
  return texts_.emplace(hash, std::move(t)).first->second;
}

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

bool is_api_header(const std::string& path, const std::string& arch) {
  return path.rfind("include/", 0) == 0 || path.rfind("arch/" + arch + "/include/", 0) == 0;
}

ShapePaths::ShapePaths(Store& store)
    : get_(store.prepare("SELECT paths FROM ident_shape_paths WHERE ident_id = ?")),
      path_(store.prepare("SELECT path FROM ident_paths WHERE id = ?")) {}

std::vector<std::string> ShapePaths::of(uint32_t id) {
  std::vector<uint32_t> ids;
  if (get_.bind(1, int64_t(id)).step()) decode_words(get_.blob(0), ids, "ident_shape_paths.paths");
  get_.reset();
  std::vector<std::string> out;
  for (uint32_t p : ids) {
    if (path_.bind(1, int64_t(p)).step()) out.emplace_back(path_.text(0));
    path_.reset();
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<ShapeAt> shapes_in_tree(PathLookup& lookup, ShapeRecords& records, const Oid& tree,
                                    const std::vector<std::string>& paths, uint32_t id, const std::string& name,
                                    const std::string& arch) {
  std::vector<ShapeAt> all;
  for (const std::string& p : paths)
    if (std::optional<Oid> blob = lookup.blob_at(tree, p)) {
      std::vector<ShapeAt> got = records.of(*blob, def_syntax_of(p), id, name, p, is_api_header(p, arch));
      all.insert(all.end(), got.begin(), got.end());
    }
  return all;
}

}  // namespace ksince
