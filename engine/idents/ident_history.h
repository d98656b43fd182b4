#pragma once
// `history NAME`: when a definition's shape changed, tag by tag, from the
// stored records (no blob is read): the paths that ever held the name's
// shapes, looked up in each tag's tree, and those blobs' records.
#include <nlohmann/json.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "facts/def_shapes.h"
#include "idents/shape_diff.h"
#include "idents/ident_tags.h"
#include "idents/shape_view.h"
#include "repo/repo.h"
#include "store/store.h"

namespace ksince {

// One change between two consecutive tags, in one aspect of the name.
struct HistoryChange {
  std::string prev, version;  // the interval (prev, version]; prev empty: before the first tag
  std::string aspect;         // "definition", "export", or a file: the definitions in it, where no header has one
  std::string what;           // "added", "removed", "came back", "several shapes", or a ShapeChange's `what`
  std::string detail;
  std::string before, after;  // the element's old and new text
  std::string old_shape, new_shape;  // rendered (render_shape), the changed part marked
  std::vector<ShapeAt> old_at, new_at;
  // With `history --commit` (shape_commit.h): the commit where the aspect
  // took its new state, exact as the names' search says; cut by a shallow clone.
  std::string commit;
  bool exact = false, cut = false, searched = false;
};

struct IdentHistory {
  std::string name, member;  // `struct class.devnode`: name "class", member "devnode"
  std::string asked;         // the name as asked
  ShapeKind member_kind = ShapeKind::Struct;
  std::string arch, series;
  std::vector<std::string> tags;  // oldest first (a series' points by their labels, "6.1.192-3")
  std::vector<uint8_t> present;   // per tag: some shape of it (of the member) is there
  std::vector<std::vector<std::string>> shapes;  // per tag: the texts of its shapes (the member's type), exports aside
  std::vector<HistoryChange> changes;  // oldest first
};

// The history of NAME over the index's releases (`arch`: whose arch/ headers
// count, x86 by default), or with `series` ("6.1") over that stable series'
// points, from its base release. `struct S.m` asks for member m of struct S
// (also `union U.m`). Throws Error when the index has no shapes (or no such
// series), or the repository lacks a tree the answers were made from;
// nullopt for a name no indexed shape has.
std::optional<IdentHistory> identifier_history(Store& store, const Repo& repo, const std::string& name,
                                               const std::string& arch = "x86", const std::string& series = "");

// The same for many names (`compat`): the tags' trees and the records read
// once for all of them.
class HistoryReader {
 public:
  HistoryReader(Store& store, const Repo& repo, const std::string& arch = "x86", const std::string& series = "");
  ~HistoryReader();
  std::optional<IdentHistory> read(const std::string& name);
  std::vector<std::string> tags() const;  // oldest first

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The tags a history is over, oldest first: the releases, or a series'
// points (named by their labels) after its base release.
std::vector<IdentTag> history_tags(Store& store, const std::string& series);

// The answer as `history --json` prints it (and the web face's API).
nlohmann::ordered_json history_json(const IdentHistory& h);

}  // namespace ksince
