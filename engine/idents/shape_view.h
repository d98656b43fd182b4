#pragma once
// A name's shapes in one tree, as `history`, `compat` and the shape commit
// search read them: the paths that ever held them (ident_shape_paths) looked
// up in the tree, their blobs' stored records (or, for a blob no indexed tag
// holds, the blob read), and the API view of docs/identifiers.md.
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "facts/def_shapes.h"
#include "facts/identifier_defs.h"
#include "idents/ident_record.h"
#include "repo/oid.h"
#include "repo/repo.h"
#include "repo/tree_entry.h"
#include "store/store.h"

namespace ksince {

// One shape of the name at one tag, where it is.
struct ShapeAt {
  std::string path;
  uint32_t line = 0;
  ShapeKind kind = ShapeKind::Function;
  std::string text;
};

// Blobs by path in trees; each tree read once.
class PathLookup {
 public:
  explicit PathLookup(const Repo& repo) : repo_(repo) {}
  std::optional<Oid> blob_at(const Oid& root, const std::string& path);

 private:
  const TreeEntry* entry(const Oid& tree, const std::string& name);
  const Repo& repo_;
  std::unordered_map<Oid, std::vector<TreeEntry>, OidHash> trees_;
};

// The stored records and shape texts; a blob the index has no record of
// (a commit between tags) is read and its shapes found.
class ShapeRecords {
 public:
  ShapeRecords(Store& store, const Repo& repo);
  // The shapes of `id` (spelled `name`) in the blob read as `syntax`
  // (object-like macros from its definitions, in a header).
  std::vector<ShapeAt> of(const Oid& blob, DefSyntax syntax, uint32_t id, const std::string& name,
                          const std::string& path, bool header);

 private:
  bool function_like_at(uint32_t id, uint32_t line) const;
  const std::string& text(uint64_t hash);
  std::vector<ShapeAt> read_blob(const Oid& blob, DefSyntax syntax, const std::string& name, const std::string& path,
                                 bool header);
  const Repo& repo_;
  Stmt blob_, rec_, text_;
  std::vector<IdentShape> shapes_;
  std::vector<IdentDef> defs_;
  std::unordered_map<uint64_t, std::string> texts_;
};

// The paths that ever held a name's shapes (ident_shape_paths), sorted.
class ShapePaths {
 public:
  explicit ShapePaths(Store& store);
  std::vector<std::string> of(uint32_t id);

 private:
  Stmt get_, path_;
};

// Which files make the API a module sees: include/ (uapi included) and
// arch/ARCH/include/.
bool is_api_header(const std::string& path, const std::string& arch);

// One aspect of the name at one tag: its distinct shapes and where they are.
struct AspectState {
  std::vector<std::pair<ShapeKind, std::string>> shapes;  // sorted, unique
  std::vector<ShapeAt> at;
};
using TagState = std::map<std::string, AspectState>;  // aspect -> state

// The aspects of one tag's shapes: "export"; "definition" from the API
// headers where they have one, else each file's own definitions (the path).
TagState aspects_of(const std::vector<ShapeAt>& all, const std::string& arch);
// A member of a struct or union as an aspect of its own ("member"): its type.
TagState member_of(const TagState& whole, const std::string& member, ShapeKind kind);

// Every shape of `id` at the tree, from the paths that ever held one.
std::vector<ShapeAt> shapes_in_tree(PathLookup& lookup, ShapeRecords& records, const Oid& tree,
                                    const std::vector<std::string>& paths, uint32_t id, const std::string& name,
                                    const std::string& arch);

}  // namespace ksince
