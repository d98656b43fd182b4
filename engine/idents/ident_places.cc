#include "idents/ident_places.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "facts/identifier_defs.h"
#include "idents/ident_query.h"
#include "idents/ident_reader.h"
#include "idents/ident_record.h"
#include "idents/ident_tags.h"
#include "repo/pathspec.h"
#include "repo/tree_graph.h"
#include "util/error.h"

namespace ksince {

std::optional<IdentPlaces> definition_places(Store& store, const Repo& repo, const std::string& name, size_t limit) {
  std::optional<IdentAnswer> a = identifier_answer(store, name);
  if (!a || a->defined.present.empty()) return std::nullopt;
  Stmt idq = store.prepare("SELECT id FROM ident_names WHERE name = ?");
  idq.bind(1, name);
  if (!idq.step()) return std::nullopt;
  const uint32_t id = static_cast<uint32_t>(idq.i64(0));
  IdentPlaces out;
  out.tag = a->defined.present.front();  // newest first
  // The tree the answers were computed from, though the tag moved since;
  // records of this reader only, the ones those answers were made of.
  require_current_ident_reader(store);
  const Oid root = ident_tag(read_ident_tags(store), out.tag, store.path()).tree;
  std::vector<std::string> files = nlohmann::json::parse(store.meta("ident_scope").value_or("[]"));
  Pathspec spec(files);

  // The tag's files, by blob and syntax.
  std::unordered_map<Oid, std::vector<std::pair<std::string, DefSyntax>>, OidHash> paths;
  for_each_file(repo, root, spec, [&](const std::string& path, const Oid& blob) {
    paths[blob].emplace_back(path, def_syntax_of(path));
    return true;
  });
  // Their stored definitions: one pass over the records, the tag's kept.
  std::map<std::pair<std::string, uint32_t>, std::string> found;  // (file, line) -> kinds
  std::vector<IdentDef> defs;
  Stmt s = store.prepare("SELECT b.oid, i.key, i.defs FROM ident_blobs i JOIN blobs b ON b.id = i.key >> 3 "
                         "WHERE i.reader = ?");
  for (s.bind(1, int64_t(kIdentReaderVersion)); s.step();) {
    auto it = paths.find(Oid::from_raw(s.blob(0).data()));
    if (it == paths.end()) continue;
    const DefSyntax syntax = static_cast<DefSyntax>(s.i64(1) & 7);
    decode_defs(s.blob(2), defs, "ident_blobs.defs");
    auto lo = std::lower_bound(defs.begin(), defs.end(), IdentDef{id, DefKind::Function, 0});
    for (; lo != defs.end() && lo->id == id; ++lo)
      for (const auto& [path, syn] : it->second)
        if (syn == syntax) {
          std::string& k = found[{path, lo->line}];
          k += (k.empty() ? "" : ", ") + std::string(def_kind_name(lo->kind));
        }
  }
  out.total = found.size();
  for (const auto& [where, kinds] : found) {
    if (out.places.size() == limit) break;
    out.places.push_back({where.first, where.second, kinds});
  }
  return out;
}

}  // namespace ksince
